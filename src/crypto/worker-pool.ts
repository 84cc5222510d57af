/**
 * A small pool of worker threads that run named tasks from a task table, so that slow private-key
 * operations (milliseconds each) do not stall the event loop for every other request. The worker's
 * entry module calls `serveTasks` with the same table the pool runs inline when it has no workers
 * (size 0), so there is one implementation of each task.
 *
 * - Workers start on demand, up to `size`, and are unref'd while idle: a pool never keeps a process alive.
 * - Uint8Array arguments and results are copied into an ArrayBuffer of their own and transferred, never
 *   the caller's buffer, which may be a slice of node's shared pool or cached key material. They
 *   arrive as plain Uint8Arrays.
 * - At most `maxQueue` tasks wait for a worker; beyond that `run` rejects with WorkerPoolBusyError.
 * - A worker that dies is dropped and its task rejected with an Error; the next task starts a new one.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads'

/** What a pool can run: named functions of structured-clonable arguments. */
export type TaskTable = Record<string, (...args: never[]) => unknown>

export interface WorkerPoolOptions<T extends TaskTable> {
  /** The worker module; it calls `serveTasks` with a table equivalent to `tasks`. */
  entry: URL
  /** The same tasks, run on the calling thread when `size` is 0. */
  tasks: T
  /** Worker threads at most; 0 runs every task inline. */
  size: number
  /** Tasks that may wait for a worker before `run` refuses more (default 1024). */
  maxQueue?: number
  /** Told when a worker dies of an uncaught error (its task is rejected either way). */
  onWorkerError?: (err: Error) => void
}

/** `run` was refused because `maxQueue` tasks are already waiting. */
export class WorkerPoolBusyError extends Error {
  override readonly name = 'WorkerPoolBusyError'
}

type Request = { id: number; task: string; args: unknown[] }
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; name: string; message: string; stack?: string }

interface Job { id: number; task: string; args: unknown[]; resolve(value: unknown): void; reject(err: Error): void }
interface Slot { worker: Worker; job?: Job | undefined }

/** Copies each Uint8Array into its own ArrayBuffer and lists those buffers for transfer. */
function detached(values: unknown[]): { values: unknown[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = []
  const copies = values.map((v) => {
    if (!(v instanceof Uint8Array)) return v
    const copy = new Uint8Array(v)
    transfer.push(copy.buffer)
    return copy
  })
  return { values: copies, transfer }
}

export class WorkerPool<T extends TaskTable> {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false

  constructor(private readonly opts: WorkerPoolOptions<T>) {
    if (!Number.isInteger(opts.size) || opts.size < 0) throw new RangeError(`worker pool size must be a non-negative integer, not ${opts.size}`)
  }

  /** Live worker threads (they start on demand). */
  get workers(): number { return this.slots.length }

  /** Runs `task` on a worker (or inline when the pool has no workers) and resolves with its result. */
  run<K extends keyof T & string>(task: K, ...args: Parameters<T[K]>): Promise<Awaited<ReturnType<T[K]>>> {
    type R = Awaited<ReturnType<T[K]>>
    if (this.closed) return Promise.reject(new Error('worker pool is closed'))
    if (this.opts.size === 0) {
      return new Promise<R>((resolve) => resolve((this.opts.tasks[task] as unknown as (...a: unknown[]) => R)(...args)))
    }
    return new Promise<R>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, args, resolve: resolve as (v: unknown) => void, reject }
      const idle = this.slots.find((s) => !s.job) ?? (this.slots.length < this.opts.size ? this.spawn() : undefined)
      if (idle) return this.dispatch(idle, job)
      if (this.queue.length >= (this.opts.maxQueue ?? 1024)) {
        return reject(new WorkerPoolBusyError(`the queue is full: ${this.queue.length} tasks are waiting for a worker`))
      }
      this.queue.push(job)
    })
  }

  /** Terminates every worker; tasks in flight or waiting reject, and so does any later `run`. */
  async close(): Promise<void> {
    this.closed = true
    const gone = new Error('worker pool is closed')
    for (const job of this.queue.splice(0)) job.reject(gone)
    const slots = this.slots.splice(0)
    for (const slot of slots) slot.job?.reject(gone)
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.entry)
    worker.unref()
    const slot: Slot = { worker }
    this.slots.push(slot)
    worker.on('message', (reply: Reply) => this.settle(slot, reply))
    worker.on('error', (err) => this.opts.onWorkerError?.(err))
    worker.on('exit', (code) => this.lost(slot, code))
    return slot
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job
    slot.worker.ref()
    const { values, transfer } = detached(job.args)
    const request: Request = { id: job.id, task: job.task, args: values }
    slot.worker.postMessage(request, transfer)
  }

  private settle(slot: Slot, reply: Reply): void {
    const job = slot.job
    if (!job || job.id !== reply.id) return
    slot.job = undefined
    if (reply.ok) job.resolve(reply.value)
    else job.reject(Object.assign(new Error(`${reply.name}: ${reply.message}`), reply.stack ? { stack: reply.stack } : {}))
    this.next(slot)
  }

  private next(slot: Slot): void {
    const job = this.queue.shift()
    if (job) this.dispatch(slot, job)
    else slot.worker.unref()
  }

  /** A worker exited (crashed or was terminated): drop it, fail its task, keep the queue moving. */
  private lost(slot: Slot, code: number): void {
    const index = this.slots.indexOf(slot)
    if (index < 0) return // closed
    this.slots.splice(index, 1)
    slot.job?.reject(new Error(`worker exited with code ${code} while running ${slot.job.task}`))
    if (this.queue.length > 0) this.next(this.spawn())
  }
}

/** The worker side: answers each request with the named task's result (or its error). */
export function serveTasks(tasks: TaskTable): void {
  if (isMainThread || !parentPort) throw new Error('serveTasks runs in a worker thread')
  const port = parentPort
  const failure = (id: number, err: unknown): Reply => {
    const e = err instanceof Error ? err : new Error(String(err))
    return { id, ok: false, name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) }
  }
  port.on('message', ({ id, task, args }: Request) => {
    try {
      const fn = tasks[task] as ((...a: unknown[]) => unknown) | undefined
      if (!fn) throw new Error(`unknown task ${task}`)
      const { values, transfer } = detached([fn(...args)])
      const reply: Reply = { id, ok: true, value: values[0] }
      port.postMessage(reply, transfer) // throws DataCloneError for a result that cannot cross
    } catch (err) {
      port.postMessage(failure(id, err))
    }
  })
}
