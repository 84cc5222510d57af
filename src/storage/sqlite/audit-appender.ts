/**
 * The main-thread side of the audit worker (audit-worker.ts): hands it batches and settles each batch's
 * promise when the worker reports its COMMIT. Started on first use; a crashed worker fails its batches and
 * is replaced on the next one.
 */
import { Worker } from 'node:worker_threads'
import type { UnchainedEntry } from '../../audit/entry.js'
import type { AppendReply, AppendRequest, ColumnTuple } from './audit-worker.js'

interface Waiting { resolve(): void; reject(err: Error): void }

export class AuditAppender {
  private worker: Worker | undefined
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1

  constructor(private readonly path: string) {}

  /** `finishCheckpoint`: see AppendRequest. */
  append(entries: readonly UnchainedEntry[], finishCheckpoint = false): Promise<void> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      if (this.waiting.size === 1) worker.ref()
      worker.postMessage(encodeBatch(id, entries, finishCheckpoint))
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    const worker = new Worker(new URL('./audit-worker.js', import.meta.url), { workerData: { path: this.path } })
    worker.unref()
    worker.on('message', ({ id, error }: AppendReply) => {
      const w = this.waiting.get(id)
      this.waiting.delete(id)
      if (this.waiting.size === 0) worker.unref()
      if (error === undefined) w?.resolve()
      else w?.reject(new Error(`audit append failed: ${error}`))
    })
    worker.on('error', (err) => this.fail(worker, err))
    worker.on('exit', (code) => this.fail(worker, new Error(`audit worker exited with ${code}`)))
    this.worker = worker
    return worker
  }

  private fail(worker: Worker, err: Error): void {
    if (this.worker === worker) this.worker = undefined
    for (const w of this.waiting.values()) w.reject(err)
    this.waiting.clear()
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
  return { id, columns: JSON.stringify(columns), records, finishCheckpoint }
}
