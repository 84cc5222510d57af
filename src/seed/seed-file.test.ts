import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkSeed, SeedError } from './seed-file.js'

const ID = '11111111-1111-4111-8111-111111111111'

test('checkSeed: defaults, tags as a mapping, policy as a document; every error names its path', () => {
  assert.deepEqual(checkSeed({ keys: [{ keyId: ID, tags: { a: 'b' }, policy: { Statement: [] } }], aliases: [{ name: 'alias/x', keyId: ID }] }), {
    keys: [{ keyId: ID, keySpec: 'SYMMETRIC_DEFAULT', tags: [{ TagKey: 'a', TagValue: 'b' }], policy: '{"Statement":[]}' }],
    aliases: [{ name: 'alias/x', keyId: ID }],
  })
  assert.deepEqual(checkSeed({}), { keys: [], aliases: [] })
  const bad: Array<[unknown, string]> = [
    [[], 'the seed file must be a mapping'],
    [{ principals: [] }, "seed file: 'principals' cannot be seeded yet: Trent serves one account (TRENT_ACCOUNT_ID) with its root credentials and does not enforce access control yet"],
    [{ grants: [] }, "seed file: unknown section 'grants' (known: keys, aliases)"],
    [{ keys: [{ keyId: 'ABC' }] }, "keys[0].keyId 'ABC' must be a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab (lower case)"],
    [{ keys: [{ keyId: ID, colour: 'red' }] }, "keys[0]: unknown field 'colour' (known: keyId, keySpec, keyUsage, description, tags, policy, material, rotation)"],
    [{ keys: [{ keyId: ID }, { keyId: ID }] }, `seed file: key ${ID} is declared twice`],
    [{ keys: [{ keyId: ID, rotation: { enabled: true, periodInDays: 30 } }] }, 'keys[0].rotation.periodInDays must be an integer from 90 to 2560'],
    [{ keys: [{ keyId: ID, tags: { a: 1 } }] }, 'keys[0].tags.a must be a string'],
    [{ aliases: [{ name: 'alias/x' }] }, 'aliases[0].keyId must be a string'],
  ]
  for (const [doc, message] of bad) assert.throws(() => checkSeed(doc), (err: unknown) => err instanceof SeedError && err.message === message)
})
