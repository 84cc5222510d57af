/**
 * Asks the checkpoint worker (checkpoint-worker.ts) for a checkpoint once about SQLite's own
 * autocheckpoint threshold (1,000 pages) has been written since the last one, and tells `copied` when it
 * has copied what it found. Started on first use; a worker that died is replaced at the next request.
 */
import { Worker } from 'node:worker_threads'

/** SQLite's own autocheckpoint threshold, in (estimated) WAL pages: sqlite-storage.ts counts about a page per three audit records plus a few per transaction. */
const PAGES_BETWEEN_CHECKPOINTS = 1000

export class Checkpointer {
  private worker: Worker | undefined
  private pages = 0

  constructor(private readonly path: string, private readonly copied: () => void) {}

  /** Counts pages written to the WAL; requests a checkpoint when enough have piled up. */
  wrote(pages: number): void {
    this.pages += pages
    if (this.pages < PAGES_BETWEEN_CHECKPOINTS) return
    this.pages = 0
    ;(this.worker ?? this.start()).postMessage(0)
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { path: this.path } })
    worker.unref()
    worker.on('message', () => this.copied())
    const forget = (): void => { if (this.worker === worker) this.worker = undefined }
    worker.on('error', forget)
    worker.on('exit', forget)
    this.worker = worker
    return worker
  }
}
