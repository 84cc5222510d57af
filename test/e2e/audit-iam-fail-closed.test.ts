/**
 * Fail-closed for IAM and STS, without mocks: a trigger in the server's own SQLite file makes every audit
 * insert fail. Then CreateUser answers 500 ServiceFailure (the SDK's ServiceFailureException) and no user exists afterwards, an AssumeRole
 * answers 500 and leaves no session, and once the trigger is gone each call leaves exactly one record.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { auditRecords, openDb } from '../support/audit-db.js'

let trent: TrentProcess
before(async () => { trent = await TrentProcess.start() })
after(async () => { await trent.dispose() })

const opts = { maxAttempts: 1, region: REGION, credentials: ROOT_CREDENTIALS }
const exec = (statement: string): void => { const db = openDb(trent.dataDir); try { db.exec(statement) } finally { db.close() } }
function count(kind: string): unknown {
  const db = openDb(trent.dataDir)
  try { return db.prepare('SELECT count(*) FROM iam_entities WHERE kind = ?').pluck().get(kind) } finally { db.close() }
}

async function failsWith(call: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(call, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.deepEqual([err.name, err.message, err.$metadata?.httpStatusCode], [name, 'An internal error occurred.', 500])
    return true
  })
}

test('when the audit record cannot be written, CreateUser answers 500 and no user exists; AssumeRole leaves no session', async () => {
  const iam = new IAMClient({ ...opts, endpoint: trent.url })
  const sts = new STSClient({ ...opts, endpoint: trent.url })
  await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT_ID }, Action: 'sts:AssumeRole' }] }) }))
  const records = auditRecords(trent.dataDir).length
  exec(`CREATE TRIGGER audit_fails BEFORE INSERT ON audit_records BEGIN SELECT RAISE(ABORT, 'audit store is failing'); END`)

  await failsWith(iam.send(new CreateUserCommand({ UserName: 'must-not-exist' })), 'ServiceFailureException')
  await failsWith(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/r`, RoleSessionName: 's' })), 'InternalFailure')
  assert.equal(count('user'), 0)
  assert.equal(count('session'), 0)
  assert.equal(auditRecords(trent.dataDir).length, records)

  exec('DROP TRIGGER audit_fails')
  await assert.rejects(iam.send(new GetUserCommand({ UserName: 'must-not-exist' })), { name: 'NoSuchEntityException' })
  const created = await iam.send(new CreateUserCommand({ UserName: 'must-not-exist' }))
  assert.equal(created.User!.UserName, 'must-not-exist')
  const after = auditRecords(trent.dataDir).slice(records)
  assert.deepEqual(after.map((r) => [r.record['eventName'], r.record['errorCode'] ?? null]), [['GetUser', 'NoSuchEntity'], ['CreateUser', null]])
})
