/**
 * Worker thread of the SQLite adapter's group commit: appends each batch of audit records in its own
 * transaction on its own connection, so the WAL fsync of COMMIT (synchronous=FULL) happens here and not on
 * the event loop. SQLite's write lock serializes it with the main connection's transactions; the chain is
 * extended from the head read inside the transaction, so the chain stays linear whoever writes.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { chainHash } from '../../audit/chain.js'
import type { AuditEntry, AuditHead } from '../../audit/entry.js'
import { SqliteAuditReader, SqliteAuditWriter } from './audit-sql.js'
import { openConnection } from './connection.js'

/** A batch as audit-appender.ts encodes it: the entries' columns as JSON, their records joined by newlines. */
export interface AppendRequest { id: number; columns: string; records: string }
/** An entry's columns in encodeBatch's order: eventId, eventTime, eventName, eventSource, username, accessKeyId, resourceName, resourceType, readOnly, accountId, errorCode, requestId. */
export type ColumnTuple = [string, number, string, string, string | null, string | null, string | null, string | null, boolean, string | null, string | null, string | null]
export interface AppendReply { id: number; error?: string }

/** About 1,000 WAL pages of records (SQLite's own autocheckpoint threshold) between checkpoints. */
const CHECKPOINT_EVERY_RECORDS = 3000

const db = openConnection((workerData as { path: string }).path)
// Checkpoints run after the reply, not inside COMMIT (where autocheckpoint would run them), so the
// requests waiting on a batch are not held up by copying the WAL into the database.
db.pragma('wal_autocheckpoint = 0')
let sinceCheckpoint = 0
const reader = new SqliteAuditReader(db)
const writer = new SqliteAuditWriter(db)

parentPort!.on('message', ({ id, columns, records }: AppendRequest) => {
  let batch: AuditEntry[] = []
  try {
    db.exec('BEGIN IMMEDIATE')
    batch = decodeBatch(reader.head(), columns, records)
    writer.append(batch)
    db.exec('COMMIT')
    parentPort!.postMessage({ id } satisfies AppendReply)
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies AppendReply)
    return
  }
  sinceCheckpoint += batch.length
  if (sinceCheckpoint >= CHECKPOINT_EVERY_RECORDS) {
    sinceCheckpoint = 0
    // PASSIVE: copies what it can without waiting on readers or the other writer; a failure is retried next time.
    try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* retried at the next threshold */ }
  }
})

/** The batch as chained entries, continuing from `head`: one object per record (chain.ts's extendChain, without its copies). */
function decodeBatch(head: AuditHead, columns: string, records: string): AuditEntry[] {
  const texts = records.split('\n')
  const tuples = JSON.parse(columns) as ColumnTuple[]
  let { seq, hash } = head
  const out: AuditEntry[] = []
  for (let i = 0; i < tuples.length; i++) {
    const [eventId, eventTime, eventName, eventSource, username, accessKeyId, resourceName, resourceType, readOnly, accountId, errorCode, requestId] = tuples[i]!
    const record = texts[i]!
    const prevHash = hash
    seq += 1
    hash = chainHash(prevHash, seq, record)
    out.push({ eventId, eventTime, eventName, eventSource, username, accessKeyId, resourceName, resourceType, readOnly, accountId, errorCode, requestId, record, seq, prevHash, hash })
  }
  return out
}
