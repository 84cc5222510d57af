/**
 * `trent audit verify` and `trent audit export` as an operator runs them, against a trail tampered with
 * directly in the SQLite file and in an exported directory: every modification, deletion, insertion,
 * reordering and gap is reported with the record or digest at fault, and the exit status is 1.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { openDb } from '../support/audit-db.js'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')
const work = mkdtempSync(join(tmpdir(), 'trent-audit-verify-'))
let trent: TrentProcess
let dataDir = ''
let exportDir = ''

function cli(...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, [MAIN, 'audit', ...args], { encoding: 'utf8' })
  return { code: r.status ?? -1, out: r.stdout + r.stderr }
}

before(async () => {
  trent = await TrentProcess.start()
  const kms = trent.client()
  const key = (await kms.send(new CreateKeyCommand({ Description: 'verify me' }))).KeyMetadata!
  for (let i = 0; i < 6; i++) await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from(`m${i}`) }))
  await trent.advanceClock(2 * 3600) // the hourly digest job signs the head
  for (let i = 0; i < 4; i++) await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
  await trent.stop()
  dataDir = trent.dataDir
  exportDir = join(work, 'export')
  const exported = cli('export', '--data-dir', dataDir, '--out', exportDir)
  assert.equal(exported.code, 0, exported.out)
  assert.match(exported.out, /exported 11 records in \d+ log files and 3 digests/)
})
after(async () => {
  await trent.dispose()
  rmSync(work, { recursive: true, force: true })
})

/** A copy of the data directory with `tamper` applied to its database. */
function tamperedStore(name: string, tamper: (sql: (s: string) => void) => void): string {
  const dir = join(work, name)
  cpSync(dataDir, dir, { recursive: true })
  const db = openDb(dir)
  try { tamper((s) => db.exec(s)) } finally { db.close() }
  return dir
}

function assertInvalid(result: { code: number; out: string }, ...patterns: RegExp[]): void {
  assert.equal(result.code, 1, result.out)
  for (const p of patterns) assert.match(result.out, p)
}

test('an untouched trail verifies, in the store and exported', () => {
  const store = cli('verify', '--data-dir', dataDir)
  assert.equal(store.code, 0, store.out)
  assert.match(store.out, /11 records, 3 digests, 0 records not yet covered by a digest: valid/)
  const exported = cli('verify', '--export-dir', exportDir)
  assert.equal(exported.code, 0, exported.out)
  assert.match(exported.out, /11 records, 3 digests, .*valid/)
})

test('store: a modified record is named', () => {
  const dir = tamperedStore('modified', (sql) => sql(`UPDATE audit_records SET record = replace(record, 'verify me', 'verify ME') WHERE seq = 1`))
  assertInvalid(cli('verify', '--data-dir', dir), /INVALID record 1 \(eventID [0-9a-f-]{36}\): hash does not match the record content \(modified\)/)
})

test('store: a deleted record is a gap', () => {
  const dir = tamperedStore('deleted', (sql) => sql('DELETE FROM audit_records WHERE seq = 4'))
  assertInvalid(cli('verify', '--data-dir', dir), /INVALID record 5 .*gap: records 4\.\.4 are missing/)
})

test('store: an inserted record is named', () => {
  const dir = tamperedStore('inserted', (sql) => {
    sql('UPDATE audit_records SET seq = -seq WHERE seq >= 3; UPDATE audit_records SET seq = 1 - seq WHERE seq < 0')
    sql(`INSERT INTO audit_records SELECT 3, 'forged-event', event_time, event_name, event_source, username, access_key_id, resource_name,
      resource_type, read_only, error_code, request_id, record, prev_hash, hash, account_id FROM audit_records WHERE seq = 2`)
  })
  assertInvalid(cli('verify', '--data-dir', dir), /INVALID record 3 \(eventID forged-event\)/)
})

test('store: reordered records are named', () => {
  const dir = tamperedStore('reordered', (sql) => sql('UPDATE audit_records SET seq = -seq WHERE seq IN (5, 6); UPDATE audit_records SET seq = CASE seq WHEN -5 THEN 6 ELSE 5 END WHERE seq < 0'))
  assertInvalid(cli('verify', '--data-dir', dir), /INVALID record 5 .*previous hash does not match/)
})

test('store: a rewritten chain is caught by the signed digests; a deleted digest is a gap', () => {
  const rewritten = tamperedStore('rewritten', (sql) => sql('DELETE FROM audit_records WHERE seq > 8; UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_records WHERE seq = 8)'))
  assertInvalid(cli('verify', '--data-dir', rewritten), /INVALID digest 3: signed record 11, which no longer exists/)
  const noDigest = tamperedStore('digest-deleted', (sql) => sql('DELETE FROM audit_digests WHERE seq = 2'))
  assertInvalid(cli('verify', '--data-dir', noDigest), /INVALID digest 3: gap: digests 2\.\.2 are missing/, /INVALID digest 3: does not link/)
})

/** A copy of the export with `tamper` applied to the Records of its first log file. */
function tamperedExport(name: string, tamper: (records: unknown[]) => void): string {
  const dir = join(work, name)
  cpSync(exportDir, dir, { recursive: true })
  const file = join(dir, 'logs', readdirSync(join(dir, 'logs')).sort()[0]!)
  const log = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records: unknown[] }
  tamper(log.Records)
  writeFileSync(file, gzipSync(JSON.stringify(log)))
  return dir
}

test('export: modified, deleted, inserted and reordered records are named', () => {
  const modified = tamperedExport('x-modified', (r) => { (r[0] as { eventName: string }).eventName = 'Nothing' })
  assertInvalid(cli('verify', '--export-dir', modified), /does not match its SHA-256/, /INVALID record 1 \(eventID [0-9a-f-]{36}\): .*record 1: hash does not match/)
  const deleted = tamperedExport('x-deleted', (r) => { r.splice(1, 1) })
  assertInvalid(cli('verify', '--export-dir', deleted), /holds \d+ records, the digest lists \d+/, /INVALID record 2 /)
  const inserted = tamperedExport('x-inserted', (r) => { r.splice(1, 0, r[0]) })
  assertInvalid(cli('verify', '--export-dir', inserted), /INVALID record 2 /)
  const reordered = tamperedExport('x-reordered', (r) => { r.splice(0, 2, r[1], r[0]) })
  assertInvalid(cli('verify', '--export-dir', reordered), /INVALID record 1 /, /INVALID record 2 /)
})

test('export: a deleted digest file or log file is reported', () => {
  const noDigest = join(work, 'x-no-digest')
  cpSync(exportDir, noDigest, { recursive: true })
  unlinkSync(join(noDigest, 'digests', readdirSync(join(noDigest, 'digests')).sort()[1]!))
  assertInvalid(cli('verify', '--export-dir', noDigest), /INVALID digest 3: gap: digests 2\.\.2 are missing/)
  const noLog = join(work, 'x-no-log')
  cpSync(exportDir, noLog, { recursive: true })
  const logs = readdirSync(join(noLog, 'logs')).sort()
  unlinkSync(join(noLog, 'logs', logs.at(-1)!))
  assertInvalid(cli('verify', '--export-dir', noLog), /log file logs\/.* is missing/)
})
