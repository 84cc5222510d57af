/**
 * Worker thread of the SQLite adapter's group commit: appends batches of audit records on its own
 * connection, so the WAL fsync of COMMIT (synchronous=FULL) happens here and not on the event loop. Each
 * transaction takes every batch waiting on the port (until it holds FULL_TRANSACTION records), so the next
 * one starts as soon as the last commits, with whatever arrived meanwhile. SQLite's write lock serializes it
 * with the main connection's transactions; the chain is extended from the head read inside the transaction,
 * so the chain stays linear whoever writes.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { nameThisThread } from '../../thread-name.js'
import { chainHash } from '../../audit/chain.js'
import type { AuditEntry, AuditHead } from '../../audit/entry.js'
import { SqliteAuditReader, SqliteAuditWriter } from './audit-sql.js'
import { openConnection } from './connection.js'

/** A batch as audit-appender.ts encodes it: the entries' columns as JSON, their records joined by newlines. */
export interface AppendRequest {
  /** Batches are numbered in the order they are sent, from 1. */
  id: number; count: number; columns: string; records: string
  /** Set after the checkpoint worker has copied the bulk of the WAL: copy what is left once this batch is answered. */
  finishCheckpoint: boolean
}
/** An entry's columns in encodeBatch's order: eventId, eventTime, eventName, eventSource, username, accessKeyId, resourceName, resourceType, readOnly, accountId, errorCode, requestId. */
export type ColumnTuple = [string, number, string, string, string | null, string | null, string | null, string | null, boolean, string | null, string | null, string | null]
/** One per transaction: it settled every batch up to and including `lastId` and appended `records` records. */
export interface AppendReply { lastId: number; records: number; error?: string }

/**
 * A transaction takes no more batches once it holds this many records. Batches hold at most 1,000 (AuditLog),
 * so a transaction holds at most 1,999, and a burst cannot make one flush (and the requests waiting on it)
 * arbitrarily long.
 */
const FULL_TRANSACTION = 1000

nameThisThread('trent-audit')
const db = openConnection((workerData as { path: string }).path)
// The bulk of each checkpoint runs on the checkpoint worker (checkpointer.ts), not inside COMMIT (where
// autocheckpoint would run it): copying ~4 MB here held up every request waiting on the next batch for 12-36 ms.
// This worker copies only the frames written meanwhile (finishCheckpoint): with no batch committing during
// that short copy, the WAL ends fully copied, so this connection's next transaction starts it over instead of
// growing it (a checkpoint racing the appends never catches up on its own).
db.pragma('wal_autocheckpoint = 0')
const reader = new SqliteAuditReader(db)
const writer = new SqliteAuditWriter(db)

parentPort!.on('message', (first: AppendRequest) => {
  const batches = [first]
  let count = first.count
  while (count < FULL_TRANSACTION) {
    const next = receiveMessageOnPort(parentPort!)
    if (!next) break
    batches.push(next.message as AppendRequest)
    count += (next.message as AppendRequest).count
  }
  const lastId = batches.at(-1)!.id
  try {
    db.exec('BEGIN IMMEDIATE')
    const entries: AuditEntry[] = []
    let head = reader.head()
    for (const { columns, records } of batches) head = decodeBatch(head, columns, records, entries)
    writer.append(entries)
    db.exec('COMMIT')
    parentPort!.postMessage({ lastId, records: entries.length } satisfies AppendReply)
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    parentPort!.postMessage({ lastId, records: 0, error: err instanceof Error ? err.message : String(err) } satisfies AppendReply)
  }
  if (batches.some((b) => b.finishCheckpoint)) {
    try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* the next checkpoint copies it */ }
  }
})

/**
 * Adds the batch to `out` as chained entries, continuing from `head`, and returns the new head: one object
 * per record (chain.ts's extendChain, without its copies).
 */
function decodeBatch(head: AuditHead, columns: string, records: string, out: AuditEntry[]): AuditHead {
  const texts = records.split('\n')
  const tuples = JSON.parse(columns) as ColumnTuple[]
  let { seq, hash } = head
  for (let i = 0; i < tuples.length; i++) {
    const [eventId, eventTime, eventName, eventSource, username, accessKeyId, resourceName, resourceType, readOnly, accountId, errorCode, requestId] = tuples[i]!
    const record = texts[i]!
    const prevHash = hash
    seq += 1
    hash = chainHash(prevHash, seq, record)
    out.push({ eventId, eventTime, eventName, eventSource, username, accessKeyId, resourceName, resourceType, readOnly, accountId, errorCode, requestId, record, seq, prevHash, hash })
  }
  return { seq, hash }
}
