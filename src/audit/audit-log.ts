/**
 * The audit trail's writer. Records of calls that change state are appended inside the caller's own
 * transaction (appendInTx); every other record goes through group commit (append): records that arrive
 * while a batch is being written wait and go together in the next transaction, so one disk flush makes
 * many records durable. Where they wait depends on the store (Storage.groupsAuditAppends): here, or in
 * the store itself, which then gets each event-loop turn's records at once. A record's promise settles
 * only once its transaction has committed; if the write fails, every record of the transaction fails
 * (the caller then fails the request: fail-closed).
 */
import type { Storage, StoreTx } from '../storage/types.js'
import { extendChain } from './chain.js'
import { toEntry, type CloudTrailRecord } from './record.js'

/**
 * A batch holds at most this many records, so a burst cannot make one flush arbitrarily long (the SQLite worker
 * stops adding batches to a transaction at 1,000 records, so its transactions hold at most 1,999).
 */
const MAX_BATCH = 1000

interface Pending { record: CloudTrailRecord; resolve(): void; reject(err: unknown): void }

export class AuditLog {
  private pending: Pending[] = []
  private flushing = false
  /** Batches handed to the store and not yet settled. */
  private writing = 0

  constructor(private readonly store: Storage) {}

  /** Continues the chain with `records` inside `tx`; they commit or roll back with it. */
  async appendInTx(tx: StoreTx, records: readonly CloudTrailRecord[]): Promise<void> {
    const head = await tx.auditHead()
    await tx.appendAudit(extendChain(head, records.map(toEntry)))
  }

  /** Resolves once `record` is durable; rejects if it could not be written. */
  append(record: CloudTrailRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ record, resolve, reject })
      if (this.flushing) return
      this.flushing = true
      // Wait for the current I/O phase to finish so requests that arrived together share the batch.
      setImmediate(() => void this.flush())
    })
  }

  /** Resolves when every record handed to append() so far has been written (or failed). */
  async drain(): Promise<void> {
    while (this.flushing || this.pending.length || this.writing) await new Promise((resolve) => setImmediate(resolve))
  }

  private async flush(): Promise<void> {
    if (this.store.groupsAuditAppends) {
      // The store puts every batch waiting for the disk into its next transaction: hand these over now, so
      // that transaction can start the moment the one before it commits, without a turn of this event loop.
      while (this.pending.length) void this.write(this.pending.splice(0, MAX_BATCH))
    } else {
      while (this.pending.length) await this.write(this.pending.splice(0, MAX_BATCH))
    }
    this.flushing = false
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    this.writing++
    try {
      await this.store.appendAuditRecords(batch.map((p) => toEntry(p.record)))
      for (const p of batch) p.resolve()
    } catch (err) {
      for (const p of batch) p.reject(err)
    } finally {
      this.writing--
    }
  }
}
