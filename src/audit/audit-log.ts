/**
 * The audit trail's writer. Records of calls that change state are appended inside the caller's own
 * transaction (appendInTx); every other record goes through group commit (append): records that arrive
 * while a batch is being written wait and go together in the next transaction, so one disk flush makes
 * many records durable. A record's promise settles only once its transaction has committed; if the write
 * fails, every record of the batch fails (the caller then fails the request: fail-closed).
 */
import type { Storage, StoreTx } from '../storage/types.js'
import { extendChain } from './chain.js'
import { toEntry, type CloudTrailRecord } from './record.js'

/** One transaction holds at most this many records, so a burst cannot make one flush arbitrarily long. */
const MAX_BATCH = 1000

interface Pending { record: CloudTrailRecord; resolve(): void; reject(err: unknown): void }

export class AuditLog {
  private pending: Pending[] = []
  private flushing = false

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
    while (this.flushing || this.pending.length) await new Promise((resolve) => setImmediate(resolve))
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, MAX_BATCH)
      try {
        await this.store.appendAuditRecords(batch.map((p) => toEntry(p.record)))
        for (const p of batch) p.resolve()
      } catch (err) {
        for (const p of batch) p.reject(err)
      }
    }
    this.flushing = false
  }
}
