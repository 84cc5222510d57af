import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AdvanceableClock } from '../clock.js'
import { rootPrincipal } from '../auth/principal.js'
import { userPrincipal } from '../auth/principal-shapes.js'
import { testAudit } from './test-audit.js'
import { KeyFileKeyring } from '../keyring/key-file.js'
import { parsePolicy, type CompiledPolicy } from '../policy/index.js'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { assumeRole } from './assume-role.js'
import { createRole } from './roles.js'
import { createUser } from './users.js'

const A = '000000000000'
const B = '111122223333'
const trust = (AWS: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole' }] })
function identity(effect: 'Allow' | 'Deny'): CompiledPolicy[] {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: 'sts:AssumeRole', Resource: '*' }] }), 'identity')
  assert.ok(parsed.ok)
  return [parsed.policy]
}

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'trent-assume-role-'))
  const store = new SqliteStorage(join(dir, 'trent.db'))
  const ctx = { store, keyring: KeyFileKeyring.openOrCreate(join(dir, 'root.key'), () => undefined), clock: new AdvanceableClock() }
  const user = async (accountId: string, name: string) => userPrincipal(accountId, await createUser(ctx, testAudit(ctx), accountId, name), 'AKIAEXAMPLE000000000')
  /** Whether `caller` with these identity policies may assume role `roleName` of account A. */
  const may = (caller: Awaited<ReturnType<typeof user>>, policies: CompiledPolicy[], roleName: string) =>
    assumeRole(ctx, testAudit(ctx), caller, policies, { roleArn: `arn:aws:iam::${A}:role/${roleName}`, roleSessionName: 'session' }).then(() => true, (err: Error) => {
      assert.equal(err.name, 'AccessDenied')
      return false
    })
  return { ctx, store, user, may }
}

test('a trust policy naming the caller does not override an explicit Deny of sts:AssumeRole in its identity policies', async () => {
  const { ctx, store, user, may } = await setup()
  try {
    const bob = await user(A, 'bob')
    await createRole(ctx, testAudit(ctx), A, { roleName: 'named', assumeRolePolicyDocument: trust(bob.arn) })
    await createRole(ctx, testAudit(ctx), A, { roleName: 'open', assumeRolePolicyDocument: trust('*') })
    assert.equal(await may(bob, [], 'named'), true)
    assert.equal(await may(bob, identity('Deny'), 'named'), false)
    assert.equal(await may(bob, identity('Deny'), 'open'), false)
  } finally { await store.close() }
})

test('Principal "*": a principal of another account also needs its own Allow of sts:AssumeRole (its root does not)', async () => {
  const { ctx, store, user, may } = await setup()
  try {
    await createRole(ctx, testAudit(ctx), A, { roleName: 'open', assumeRolePolicyDocument: trust('*') })
    const eve = await user(B, 'eve')
    assert.equal(await may(eve, [], 'open'), false)
    assert.equal(await may(eve, identity('Allow'), 'open'), true)
    assert.equal(await may(rootPrincipal(B, 'AKIAEXAMPLE000000001'), [], 'open'), true)
    assert.equal(await may(await user(A, 'ann'), [], 'open'), true)
  } finally { await store.close() }
})

test('a trust policy naming another account delegates to the identity policies of that account\'s principals', async () => {
  const { ctx, store, user, may } = await setup()
  try {
    await createRole(ctx, testAudit(ctx), A, { roleName: 'for-b', assumeRolePolicyDocument: trust(B) })
    await createRole(ctx, testAudit(ctx), A, { roleName: 'for-b-root', assumeRolePolicyDocument: trust(`arn:aws:iam::${B}:root`) })
    const eve = await user(B, 'eve')
    for (const role of ['for-b', 'for-b-root']) {
      assert.equal(await may(eve, identity('Allow'), role), true, role)
      assert.equal(await may(eve, [], role), false, role)
      assert.equal(await may(rootPrincipal(B, 'AKIAEXAMPLE000000001'), [], role), true, role)
      assert.equal(await may(await user(A, `ann-${role}`), identity('Allow'), role), false, role)
    }
  } finally { await store.close() }
})
