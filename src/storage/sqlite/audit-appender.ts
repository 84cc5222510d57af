/**
 * The main-thread side of the audit worker (audit-worker.ts): hands it each batch at once, without waiting
 * for the ones before it (the worker puts every waiting batch into its next transaction), and settles the
 * batches' promises when the worker reports their COMMIT. Started on first use; a crashed worker fails its
 * batches and is replaced on the next one.
 */
import { Worker } from 'node:worker_threads'
import type { UnchainedEntry } from '../../audit/entry.js'
import type { AppendReply, AppendRequest, ColumnTuple } from './audit-worker.js'

interface Waiting { id: number; resolve(): void; reject(err: Error): void }

export class AuditAppender {
  private worker: Worker | undefined
  /**
   * Batches sent and not yet answered, oldest first: the worker answers them in the order it received
   * them. A queue, not a Map from id: a Map gaining and losing an entry per batch kept its outgrown
   * tables, and the batches' waiting requests through them, alive into the old generation (in-flight.ts).
   */
  private readonly waiting: Waiting[] = []
  private nextId = 1

  /** `committed` hears of each transaction the worker commits, with its number of records. */
  constructor(private readonly path: string, private readonly committed: (records: number) => void) {}

  /** `finishCheckpoint`: see AppendRequest. */
  append(entries: readonly UnchainedEntry[], finishCheckpoint = false): Promise<void> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, resolve, reject })
      if (this.waiting.length === 1) worker.ref()
      worker.postMessage(encodeBatch(id, entries, finishCheckpoint))
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    if (!worker) return
    this.fail(worker, new Error('audit appender closed'))
    await worker.terminate()
  }

  private start(): Worker {
    const worker = new Worker(new URL('./audit-worker.js', import.meta.url), { workerData: { path: this.path } })
    worker.unref()
    worker.on('message', ({ lastId, records, error }: AppendReply) => {
      if (this.worker !== worker) return
      const settled: Waiting[] = []
      while (this.waiting.length && this.waiting[0]!.id <= lastId) settled.push(this.waiting.shift()!)
      if (settled.at(-1)?.id !== lastId) {
        // Cannot happen with one message port; if it did, no answer could be trusted to its batches.
        this.fail(worker, new Error(`audit worker answered up to batch ${lastId}, expected ${this.waiting[0]?.id ?? 'none'}`), settled)
        void worker.terminate()
        return
      }
      if (this.waiting.length === 0) worker.unref()
      if (error === undefined) {
        this.committed(records)
        for (const w of settled) w.resolve()
      } else {
        const err = new Error(`audit append failed: ${error}`)
        for (const w of settled) w.reject(err)
      }
    })
    worker.on('error', (err) => this.fail(worker, err))
    worker.on('exit', (code) => this.fail(worker, new Error(`audit worker exited with ${code}`)))
    this.worker = worker
    return worker
  }

  /**
   * Fails every waiting batch (and `shifted`, already taken off the queue); the next append starts a new
   * worker. Only the current worker's failure counts: a worker already given up on (its 'error' is
   * followed by 'exit') must not fail batches sent to its successor.
   */
  private fail(worker: Worker, err: Error, shifted: readonly Waiting[] = []): void {
    for (const w of shifted) w.reject(err)
    if (this.worker !== worker) return
    this.worker = undefined
    for (const w of this.waiting.splice(0)) w.reject(err)
  }
}

/**
 * Two strings per batch, far cheaper to hand over than a structured clone of many objects: the index
 * columns as JSON arrays (no member names to write and parse for every record), and the canonical records
 * joined by newlines (canonical JSON never contains a raw newline), so the records are not escaped a
 * second time. audit-worker.ts's decodeBatch reads the columns back in the same order.
 */
function encodeBatch(id: number, entries: readonly UnchainedEntry[], finishCheckpoint: boolean): AppendRequest {
  const columns: ColumnTuple[] = []
  let records = ''
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!
    columns.push([e.eventId, e.eventTime, e.eventName, e.eventSource, e.username, e.accessKeyId, e.resourceName, e.resourceType, e.readOnly,
      e.accountId, e.errorCode, e.requestId])
    records += i ? `\n${e.record}` : e.record
  }
  return { id, count: entries.length, columns: JSON.stringify(columns), records, finishCheckpoint }
}
