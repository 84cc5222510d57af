import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkSeed, SeedError } from './seed-file.js'

const ID = '11111111-1111-4111-8111-111111111111'

test('checkSeed: defaults, tags as a mapping, policy as a document; every error names its path', () => {
  const empty = { users: [], groups: [], roles: [] }
  assert.deepEqual(checkSeed({ keys: [{ keyId: ID, tags: { a: 'b' }, policy: { Statement: [] } }], aliases: [{ name: 'alias/x', keyId: ID }] }), {
    accounts: [], principals: empty,
    keys: [{ keyId: ID, keySpec: 'SYMMETRIC_DEFAULT', tags: [{ TagKey: 'a', TagValue: 'b' }], policy: '{"Statement":[]}' }],
    aliases: [{ name: 'alias/x', keyId: ID }],
  })
  assert.deepEqual(checkSeed({}), { accounts: [], principals: empty, keys: [], aliases: [] })
  const bad: Array<[unknown, string]> = [
    [[], 'the seed file must be a mapping'],
    [{ principals: [] }, 'principals must be a mapping'],
    [{ grants: [] }, "seed file: unknown section 'grants' (known: accounts, principals, keys, aliases)"],
    [{ keys: [{ keyId: 'ABC' }] }, "keys[0].keyId 'ABC' must be a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab (lower case)"],
    [{ keys: [{ keyId: ID, colour: 'red' }] }, "keys[0]: unknown field 'colour' (known: keyId, keySpec, keyUsage, description, tags, policy, material, rotation)"],
    [{ keys: [{ keyId: ID }, { keyId: ID }] }, `seed file: key ${ID} is declared twice`],
    [{ keys: [{ keyId: ID, rotation: { enabled: true, periodInDays: 30 } }] }, 'keys[0].rotation.periodInDays must be an integer from 90 to 2560'],
    [{ keys: [{ keyId: ID, tags: { a: 1 } }] }, 'keys[0].tags.a must be a string'],
    [{ aliases: [{ name: 'alias/x' }] }, 'aliases[0].keyId must be a string'],
  ]
  for (const [doc, message] of bad) assert.throws(() => checkSeed(doc), (err: unknown) => err instanceof SeedError && err.message === message)
})

const KEY = { accessKeyId: 'AKIASEEDEDUSER000001', secretAccessKey: 'a'.repeat(40) }

test('checkSeed: accounts and principals, policies as documents or text, defaults filled in', () => {
  const seed = checkSeed({
    accounts: [{ accountId: '111122223333', rootCredentials: KEY }, { accountId: '444455556666' }],
    principals: {
      users: [{ userName: 'alice', path: '/team/', accessKeys: [KEY], policies: { kms: { Statement: [] }, text: '{"Statement":[]}' }, groups: ['devs'] }, { accountId: '111122223333', userName: 'bob' }],
      groups: [{ groupName: 'devs' }],
      roles: [{ roleName: 'app', assumeRolePolicyDocument: { Statement: [] } }],
    },
  })
  assert.deepEqual(seed.accounts, [{ accountId: '111122223333', rootCredentials: KEY }, { accountId: '444455556666' }])
  assert.deepEqual(seed.principals, {
    users: [
      { userName: 'alice', path: '/team/', accessKeys: [KEY], policies: { kms: '{"Statement":[]}', text: '{"Statement":[]}' }, groups: ['devs'] },
      { accountId: '111122223333', userName: 'bob', accessKeys: [], policies: {}, groups: [] },
    ],
    groups: [{ groupName: 'devs', policies: {} }],
    roles: [{ roleName: 'app', assumeRolePolicyDocument: '{"Statement":[]}', policies: {} }],
  })
})

test('checkSeed: accounts and principals errors name their path and never repeat a secret', () => {
  const secret = 'x'.repeat(39)
  const bad: Array<[unknown, string]> = [
    [{ accounts: [{ accountId: '123' }] }, "accounts[0].accountId '123' must be 12 digits"],
    [{ accounts: [{ accountId: '111122223333', rootCredentials: { accessKeyId: 'ASIA0000000000000000', secretAccessKey: 'a'.repeat(40) } }] }, "accounts[0].rootCredentials.accessKeyId 'ASIA0000000000000000' must be AKIA and 16 upper-case letters or digits"],
    [{ accounts: [{ accountId: '111122223333', rootCredentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: secret } }] }, 'accounts[0].rootCredentials.secretAccessKey must be 40 characters of A-Z, a-z, 0-9, + and /'],
    [{ accounts: [{ accountId: '111122223333' }, { accountId: '111122223333' }] }, 'seed file: account 111122223333 is declared twice'],
    [{ principals: { people: [] } }, "principals: unknown field 'people' (known: users, groups, roles)"],
    [{ principals: { users: [{ userName: 'a', password: 'p' }] } }, "principals.users[0]: unknown field 'password' (known: accountId, userName, path, accessKeys, policies, groups)"],
    [{ principals: { users: [{ userName: 'a', accessKeys: [KEY, KEY, KEY] }] } }, 'principals.users[0].accessKeys: a user has at most 2 access keys'],
    [{ principals: { users: [{ userName: 'a', accessKeys: [KEY] }, { userName: 'b', accessKeys: [KEY] }] } }, `seed file: access key ${KEY.accessKeyId} is declared twice`],
    [{ principals: { users: [{ userName: 'Alice' }, { userName: 'alice' }] } }, 'seed file: user default account alice is declared twice'],
    [{ principals: { roles: [{ roleName: 'r' }] } }, 'principals.roles[0].assumeRolePolicyDocument is required'],
    [{ principals: { users: [{ userName: 'a', policies: { p: 3 } }] } }, 'principals.users[0].policies.p must be a mapping'],
  ]
  for (const [doc, message] of bad) {
    assert.throws(() => checkSeed(doc), (err: unknown) => err instanceof SeedError && err.message === message && !err.message.includes(secret))
  }
})
