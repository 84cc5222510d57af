import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { storageConformance } from '../conformance.js'
import Database from 'better-sqlite3'
import { GENESIS_HASH } from '../../audit/entry.js'
import { walkChain } from '../../audit/chain.js'
import { SqliteStorage } from './sqlite-storage.js'
import { SQLITE_MIGRATIONS } from './schema.js'
import { canReadThreadNames, threadNames } from '../../thread-names.test-support.js'

storageConformance('sqlite', async () => new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'trent-sqlite-')), 'trent.db')))

test('sqlite: records written before the account column are backfilled with the caller\'s account, else the recipient', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'trent-sqlite-')), 'trent.db')
  // The schema as it stood just after the audit trail's migration (found by content, not by number).
  const upTo = SQLITE_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE audit_records')) + 1
  const db = new Database(path)
  db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT')
  for (const m of SQLITE_MIGRATIONS.slice(0, upTo)) db.exec(m)
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(upTo)
  const insert = db.prepare(`INSERT INTO audit_records (seq, event_id, event_time, event_name, event_source, read_only, record, prev_hash, hash)
    VALUES (?, ?, 1000, 'Encrypt', 'kms.amazonaws.com', 'true', ?, '', '')`)
  insert.run(1, 'e1', JSON.stringify({ userIdentity: { accountId: '111111111111' }, recipientAccountId: '000000000000' }))
  insert.run(2, 'e2', JSON.stringify({ userIdentity: { type: 'Unknown' }, recipientAccountId: '000000000000' }))
  db.close()
  const store = new SqliteStorage(path)
  try {
    assert.deepEqual((await store.read.findAudit({ accountId: '111111111111', limit: 10 })).map((e) => e.eventId), ['e1'])
    assert.deepEqual((await store.read.findAudit({ accountId: '000000000000', limit: 10 })).map((e) => e.eventId), ['e2'])
  } finally {
    await store.close()
  }
})

const paddedEntry = (i: number) => ({
  eventId: `e${i}`, eventTime: 1000, eventName: 'Encrypt', eventSource: 'kms.amazonaws.com', username: null, accessKeyId: null,
  resourceName: null, resourceType: null, readOnly: true, accountId: '111122223333', errorCode: null, requestId: null,
  record: JSON.stringify({ padding: 'x'.repeat(1100) }),
})

/** Runs `fn` on a new store in a temporary directory, then closes the store and removes the directory. */
async function withStore(fn: (store: SqliteStorage, path: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trent-sqlite-'))
  const path = join(dir, 'trent.db')
  const store = new SqliteStorage(path)
  try {
    await fn(store, path)
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

test('sqlite: audit records reach the database file through the checkpoint worker (autocheckpoint is off)', () => withStore(async (store, path) => {
  const before = statSync(path).size
  // About 4 MB of records, enough for more than one checkpoint request (checkpointer.ts).
  for (let batch = 0; batch < 40; batch++) await store.appendAuditRecords(Array.from({ length: 100 }, (_, i) => paddedEntry(batch * 100 + i)))
  // Autocheckpoint is off on the writer connection and the append worker, and the append worker copies
  // frames only after the checkpoint worker has reported a pass, so nothing moves the records into the
  // database file unless the checkpoint worker runs.
  const deadline = Date.now() + 10_000
  while (statSync(path).size < before + 2_000_000 && Date.now() < deadline) await sleep(50)
  assert.ok(statSync(path).size >= before + 2_000_000, `database file is ${statSync(path).size} bytes: no checkpoint ran`)
  assert.equal((await store.read.auditHead()).seq, 4000)
  // Both workers name their threads (README: `top -H` shows them).
  if (canReadThreadNames) {
    const names = threadNames()
    assert.ok(names.includes('trent-audit') && names.includes('trent-checkpnt'), `threads: ${names.join(', ')}`)
  }
}))

test('sqlite: under back-to-back audit batches the WAL starts over after each checkpoint instead of growing', () => withStore(async (store, path) => {
  // 20,000 records of ~1.1 KB: the WAL reached 45 MB when it was never started over (the checkpoint worker
  // alone, copying while batches keep committing); the append worker's finishing copy lets it restart.
  let largest = 0
  for (let batch = 0; batch < 400; batch++) {
    await store.appendAuditRecords(Array.from({ length: 50 }, (_, i) => paddedEntry(batch * 50 + i)))
    largest = Math.max(largest, statSync(`${path}-wal`).size)
  }
  assert.ok(largest < 16_000_000, `the WAL grew to ${largest} bytes`)
  assert.equal((await store.read.auditHead()).seq, 20_000)
}))

test('sqlite: a WAL pinned past 64 MiB by a long reader is cut back once the reader is gone, and appends are not held up meanwhile', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-sqlite-'))
  const path = join(dir, 'trent.db')
  const store = new SqliteStorage(path)
  const reader = new Database(path)
  try {
    await store.appendAuditRecords([paddedEntry(0)])
    // A read transaction holds its snapshot, so no checkpoint can copy the frames written after it.
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM audit_records').get()
    let seq = 1
    let slowest = 0
    const append = async (batches: number): Promise<void> => {
      for (let b = 0; b < batches; b++) {
        const started = Date.now()
        await store.appendAuditRecords(Array.from({ length: 1000 }, () => paddedEntry(seq++)))
        slowest = Math.max(slowest, Date.now() - started)
      }
    }
    await append(60)
    const pinned = statSync(`${path}-wal`).size
    assert.ok(pinned > 64 * 1024 * 1024, `the WAL reached only ${pinned} bytes`)
    // A TRUNCATE checkpoint that waited for the reader blocked every append for the 5 s busy timeout (the
    // slowest took 5,034 ms); now batches of 1,000 records take tens of milliseconds throughout.
    assert.ok(slowest < 2000, `an append took ${slowest} ms`)
    reader.exec('COMMIT')
    // Once the reader is gone the WAL starts over, and journal_size_limit cuts the file back (connection.ts).
    const deadline = Date.now() + 20_000
    while (statSync(`${path}-wal`).size >= pinned && Date.now() < deadline) { await append(2); await sleep(20) }
    assert.ok(statSync(`${path}-wal`).size < pinned / 4, `the WAL is still ${statSync(`${path}-wal`).size} bytes`)
    assert.equal((await store.read.auditHead()).seq, seq)
  } finally {
    reader.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true }) // about 100 MB
  }
})

/**
 * Holds SQLite's write lock from outside while `first` is appended, so the audit worker takes that batch
 * alone and waits for the lock; batches appended meanwhile (`more`) queue on its port until it is released.
 */
async function withWorkerHeld<T>(store: SqliteStorage, path: string, more: () => T): Promise<{ first: Promise<void>; rest: T }> {
  const outside = new Database(path)
  outside.exec('BEGIN IMMEDIATE')
  const first = store.appendAuditRecords([paddedEntry(0)])
  await sleep(200) // the worker has taken `first` and waits for the lock (busy timeout 5 s)
  const rest = more()
  outside.exec('COMMIT')
  outside.close()
  return { first, rest }
}

test('sqlite: the audit worker puts every batch waiting on it into its next transaction, until that holds 1,000 records', () => withStore(async (store, path) => {
  await store.appendAuditRecords([paddedEntry(-1)])
  const before = { ...store.counters }
  let seq = 1
  const batch = (n: number) => store.appendAuditRecords(Array.from({ length: n }, () => paddedEntry(seq++)))
  const { first, rest } = await withWorkerHeld(store, path, () => [batch(600), batch(600), batch(600), batch(1)])
  await Promise.all([first, ...rest])
  // [first], then [600 + 600] (the bound reached), then [600 + 1]; one transaction per batch would make 5.
  assert.equal(store.counters.commits - before.commits, 3)
  assert.equal(store.counters.auditRecords - before.auditRecords, 1802)
  const all = await store.read.listAudit(0, 2000)
  assert.equal(all.length, 1803)
  assert.equal(walkChain({ seq: 0, hash: GENESIS_HASH }, all).fault, undefined)
}))

test('sqlite: when the audit worker\'s transaction fails, every batch in it fails and none of their records is kept', () => withStore(async (store, path) => {
  await store.appendAuditRecords([paddedEntry(-1)])
  const db = new Database(path)
  db.exec(`CREATE TRIGGER poison BEFORE INSERT ON audit_records WHEN NEW.event_id = 'e666' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`)
  db.close()
  const { first, rest } = await withWorkerHeld(store, path, () => [1, 666, 2].map((i) => store.appendAuditRecords([paddedEntry(i)])))
  await first
  const outcomes = await Promise.allSettled(rest)
  assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected', 'rejected'])
  for (const o of outcomes) assert.match(String((o as PromiseRejectedResult).reason), /audit append failed: poisoned/)
  await store.appendAuditRecords([paddedEntry(3)])
  const all = await store.read.listAudit(0, 10)
  assert.deepEqual(all.map((e) => e.eventId), ['e-1', 'e0', 'e3'])
  assert.equal(walkChain({ seq: 0, hash: GENESIS_HASH }, all).fault, undefined)
}))
