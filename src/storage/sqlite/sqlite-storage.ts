/**
 * The embedded default store: SQLite in WAL mode with synchronous=FULL, so a write is on disk before
 * its transaction returns, and a crash at any moment leaves the database consistent.
 * One writer connection (transactions are serialized by a promise queue, since a transaction body may
 * await) and one reader connection, which sees committed state only.
 */
import Database from 'better-sqlite3'
import type { UnchainedEntry } from '../../audit/entry.js'
import { ChangeListeners } from '../change-feed.js'
import type { Storage, StorageCounters, StoreChange, StoreReader, StoreTx } from '../types.js'
import { AuditAppender } from './audit-appender.js'
import { Checkpointer } from './checkpointer.js'
import { openConnection } from './connection.js'
import { SqliteReader } from './sqlite-reader.js'
import { SqliteTx } from './sqlite-tx.js'
import { SQLITE_MIGRATIONS } from './schema.js'

type Db = Database.Database

/** For the checkpoint schedule only (checkpointer.ts): about 1.1 KB per audit record, and a few b-tree pages per transaction. */
const RECORDS_PER_PAGE = 3
const PAGES_PER_TRANSACTION = 3

export class SqliteStorage implements Storage {
  readonly read: StoreReader
  private readonly writer: Db
  private readonly reader: Db
  private readonly tx: SqliteTx
  private readonly listeners = new ChangeListeners()
  private queue: Promise<unknown> = Promise.resolve()
  private readonly appender: AuditAppender
  private readonly checkpointer: Checkpointer
  /** The checkpoint worker has copied the bulk of the WAL: the next audit batch finishes the checkpoint (audit-worker.ts). */
  private finishCheckpoint = false
  /** Each COMMIT is one WAL fsync (synchronous=FULL): the bench reports flushes per second from it. */
  readonly counters: StorageCounters = { commits: 0, auditRecords: 0 }

  constructor(path: string) {
    this.writer = openConnection(path)
    this.writer.pragma('wal_autocheckpoint = 0')
    migrate(this.writer)
    this.reader = openConnection(path)
    this.read = new SqliteReader(this.reader)
    this.tx = new SqliteTx(this.writer, this.counters)
    this.appender = new AuditAppender(path, (records) => {
      this.checkpointer.wrote(Math.ceil(records / RECORDS_PER_PAGE) + PAGES_PER_TRANSACTION)
      this.counters.commits++
      this.counters.auditRecords += records
    })
    this.checkpointer = new Checkpointer(path, () => { this.finishCheckpoint = true })
  }

  /** The audit worker puts every batch waiting on it into one transaction (audit-worker.ts). */
  readonly groupsAuditAppends = true

  appendAuditRecords(entries: readonly UnchainedEntry[]): Promise<void> {
    const finishCheckpoint = this.finishCheckpoint
    this.finishCheckpoint = false
    return this.appender.append(entries, finishCheckpoint)
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.writer.exec('BEGIN IMMEDIATE')
      try {
        const result = await fn(this.tx)
        this.writer.exec('COMMIT')
        for (const change of this.tx.changes.take()) this.listeners.emit(change)
        this.counters.commits++
        this.checkpointer.wrote(PAGES_PER_TRANSACTION)
        return result
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK')
        this.tx.changes.take()
        throw err
      }
    }
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }

  /** One process owns an SQLite store, so the feed carries only this process's own commits. */
  onChange(listener: (change: StoreChange) => void): () => void {
    return this.listeners.add(listener)
  }

  /** One process owns an SQLite store: every lease is always free. */
  async withLease<T>(_name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T }> {
    return { ran: true, value: await fn() }
  }

  async close(): Promise<void> {
    await this.queue
    await this.appender.close()
    await this.checkpointer.close()
    this.reader.close()
    this.writer.close()
  }
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT')
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined
  const current = row?.version ?? 0
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(`the database schema (version ${current}) is newer than this Trent (version ${SQLITE_MIGRATIONS.length})`)
  }
  db.transaction(() => {
    for (let v = current; v < SQLITE_MIGRATIONS.length; v++) db.exec(SQLITE_MIGRATIONS[v]!)
    db.prepare('DELETE FROM schema_version').run()
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SQLITE_MIGRATIONS.length)
  }).immediate()
}
