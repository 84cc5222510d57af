/**
 * Fail-closed, without mocks: a trigger in the server's own SQLite file makes every audit insert fail.
 * Then a CreateKey answers 500 KMSInternalException and creates no key, a ScheduleKeyDeletion changes
 * nothing, and even an Encrypt fails, because no response may leave without its record.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { rejectsWith } from '../support/kms-assert.js'
import { auditRecords, openDb } from '../support/audit-db.js'

let trent: TrentProcess
let kms: KMSClient
before(async () => { trent = await TrentProcess.start(); kms = trent.client() })
after(async () => { await trent.dispose() })

const INTERNAL = { name: 'KMSInternalException', message: 'An internal error occurred.', status: 500 }

function sql(statement: string, ...params: string[]): unknown {
  const db = openDb(trent.dataDir)
  try { return db.prepare(statement).pluck().get(...params) } finally { db.close() }
}
const exec = (statement: string): void => { const db = openDb(trent.dataDir); try { db.exec(statement) } finally { db.close() } }

test('when the audit record cannot be written, calls fail with KMSInternalException and change nothing', async () => {
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const keys = sql('SELECT count(*) FROM keys')
  const records = auditRecords(trent.dataDir).length
  exec(`CREATE TRIGGER audit_fails BEFORE INSERT ON audit_records BEGIN SELECT RAISE(ABORT, 'audit store is failing'); END`)

  await rejectsWith(kms.send(new CreateKeyCommand({ Description: 'must not exist' })), INTERNAL)
  assert.equal(sql('SELECT count(*) FROM keys'), keys)
  await rejectsWith(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 })), INTERNAL)
  assert.equal(sql(`SELECT json_extract(record, '$.keyState') FROM keys WHERE key_id = ?`, key.KeyId!), 'Enabled')
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })), INTERNAL)
  await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })), INTERNAL)
  assert.equal(auditRecords(trent.dataDir).length, records)

  exec('DROP TRIGGER audit_fails')
  const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }))
  assert.ok(encrypted.CiphertextBlob)
  assert.equal(auditRecords(trent.dataDir).length, records + 1)
})
