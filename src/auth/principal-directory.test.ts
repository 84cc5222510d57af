import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AdvanceableClock } from '../clock.js'
import { createAccessKey, updateAccessKey } from '../iam/access-keys.js'
import { createAccount } from '../iam/accounts.js'
import { addUserToGroup, createGroup } from '../iam/groups.js'
import { putPolicy } from '../iam/inline-policies.js'
import { createRole } from '../iam/roles.js'
import { createUser, tagUser } from '../iam/users.js'
import { testAudit } from '../iam/test-audit.js'
import { KeyFileKeyring } from '../keyring/key-file.js'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { rootPrincipal } from './principal.js'
import { PrincipalDirectory } from './principal-directory.js'

const ACCT = '000000000000'
const allow = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] })

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'trent-directory-'))
  const store = new SqliteStorage(join(dir, 'trent.db'))
  const keyring = KeyFileKeyring.openOrCreate(join(dir, 'root.key'), () => undefined)
  const clock = new AdvanceableClock()
  const ctx = { store, keyring, clock }
  const defaultRoot = { accessKeyId: 'AKIADEFAULTROOT00001', secretAccessKey: 's', principal: rootPrincipal(ACCT, 'AKIADEFAULTROOT00001') }
  // A long cache lifetime: only the change feed can make these tests see changes.
  const directory = new PrincipalDirectory({ store, keyring, clock, defaultRoot, cacheMs: 3_600_000 })
  return { ctx, directory, store }
}

test('an access key resolves to its secret and IAMUser principal; changes are seen at once despite the cache', async () => {
  const { ctx, directory, store } = await setup()
  try {
    const user = await createUser(ctx, testAudit(ctx), ACCT, 'Alice', '/eng/', [{ Key: 'team', Value: 'blue' }])
    const { record, secretAccessKey } = await createAccessKey(ctx, testAudit(ctx), ACCT, 'alice')
    const entry = await directory.resolve(record.accessKeyId)
    assert.equal(entry?.secretAccessKey, secretAccessKey)
    assert.deepEqual(entry?.principal, {
      accountId: ACCT, arn: `arn:aws:iam::${ACCT}:user/eng/Alice`, type: 'IAMUser', accessKeyId: record.accessKeyId,
      principalId: user.userId, userName: 'Alice', tags: { team: 'blue' },
    })
    await tagUser(ctx, testAudit(ctx), ACCT, 'ALICE', [{ Key: 'team', Value: 'red' }])
    assert.deepEqual((await directory.resolve(record.accessKeyId))?.principal.tags, { team: 'red' })
    await updateAccessKey(ctx, testAudit(ctx), ACCT, 'alice', record.accessKeyId, 'Inactive')
    assert.equal(await directory.resolve(record.accessKeyId), undefined)
    assert.equal(await directory.resolve('AKIAUNKNOWN000000000'), undefined)
  } finally { await store.close() }
})

test('identity policies: the user inline policies and its groups\', recompiled after a change', async () => {
  const { ctx, directory, store } = await setup()
  try {
    await createUser(ctx, testAudit(ctx), ACCT, 'bob')
    const { record } = await createAccessKey(ctx, testAudit(ctx), ACCT, 'bob')
    const bob = (await directory.resolve(record.accessKeyId))!.principal
    assert.deepEqual(await directory.identityPolicies(bob), [])
    await putPolicy(ctx, testAudit(ctx), ACCT, 'user', 'bob', 'p1', allow('kms:Encrypt'))
    await createGroup(ctx, testAudit(ctx), ACCT, 'ops')
    await addUserToGroup(ctx, testAudit(ctx), ACCT, 'ops', 'bob')
    await putPolicy(ctx, testAudit(ctx), ACCT, 'group', 'ops', 'p2', allow('kms:Decrypt'))
    const policies = await directory.identityPolicies(bob)
    assert.equal(policies.length, 2)
    assert.deepEqual(await directory.identityPolicies(rootPrincipal(ACCT, 'x')), [])
  } finally { await store.close() }
})

test('identity policies are cached per principal id: another principal with the same ARN does not share them', async () => {
  const { ctx, directory, store } = await setup()
  try {
    await createUser(ctx, testAudit(ctx), ACCT, 'admin')
    await putPolicy(ctx, testAudit(ctx), ACCT, 'user', 'admin', 'all', allow('iam:*'))
    // Below the Query layer nothing checks the path: 'min' under '/ad' has the ARN user/admin.
    const min = await createUser(ctx, testAudit(ctx), ACCT, 'min', '/ad')
    assert.equal(min.arn, `arn:aws:iam::${ACCT}:user/admin`)
    const admin = (await directory.resolve((await createAccessKey(ctx, testAudit(ctx), ACCT, 'admin')).record.accessKeyId))!.principal
    const impostor = (await directory.resolve((await createAccessKey(ctx, testAudit(ctx), ACCT, 'min')).record.accessKeyId))!.principal
    assert.equal((await directory.identityPolicies(admin)).length, 1)
    assert.deepEqual(await directory.identityPolicies(impostor), [])
  } finally { await store.close() }
})

test('an access key left by a deleted user never authenticates a later user of the same name', async () => {
  const { ctx, directory, store } = await setup()
  try {
    await createUser(ctx, testAudit(ctx), ACCT, 'dora')
    const { record } = await createAccessKey(ctx, testAudit(ctx), ACCT, 'dora')
    assert.equal((await directory.resolve(record.accessKeyId))?.principal.userName, 'dora')
    // What a DeleteUser racing CreateAccessKey could leave behind: the key without its user.
    await store.transaction(async (tx) => tx.deleteIamEntity(ACCT, 'user', 'dora'))
    await createUser(ctx, testAudit(ctx), ACCT, 'Dora')
    assert.equal(await directory.resolve(record.accessKeyId), undefined)
  } finally { await store.close() }
})

test('principalExists: account roots (default and created), users and roles by exact ARN, sessions by role', async () => {
  const { ctx, directory, store } = await setup()
  try {
    await createUser(ctx, testAudit(ctx), ACCT, 'carol', '/p/')
    await createRole(ctx, testAudit(ctx), ACCT, { roleName: 'r', assumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }] }) })
    const other = await createAccount(ctx, ACCT, '111122223333')
    assert.equal((await directory.resolve(other.accessKeyId))?.principal.arn, 'arn:aws:iam::111122223333:root')
    const cases: [string, boolean][] = [
      [`arn:aws:iam::${ACCT}:root`, true], ['arn:aws:iam::111122223333:root', true], ['arn:aws:iam::222233334444:root', false],
      [`arn:aws:iam::${ACCT}:user/p/carol`, true], [`arn:aws:iam::${ACCT}:user/carol`, false], [`arn:aws:iam::${ACCT}:user/dan`, false],
      [`arn:aws:iam::${ACCT}:role/r`, true], [`arn:aws:sts::${ACCT}:assumed-role/r/s`, true], [`arn:aws:sts::${ACCT}:assumed-role/q/s`, false],
      ['not-an-arn', false],
    ]
    for (const [arn, exists] of cases) assert.equal(await directory.principalExists(arn), exists, arn)
  } finally { await store.close() }
})
