/** Test support: tasks for worker-pool.test.ts, and, loaded as a worker, the entry that serves them. */
import { isMainThread, threadId } from 'node:worker_threads'
import { serveTasks } from './worker-pool.js'

export const TEST_TASKS = {
  reverse: (bytes: Uint8Array): Uint8Array => Uint8Array.from(bytes).reverse(),
  isBuffer: (bytes: Uint8Array): boolean => Buffer.isBuffer(bytes),
  threadId: (): number => threadId,
  fail: (message: string): never => { throw new TypeError(message) },
  /** In a worker, process.exit ends the thread, as a crash would. */
  exit: (code: number): never => process.exit(code),
  unclonable: (): () => void => () => undefined,
  /** Blocks the thread for `ms`, as a slow private-key operation does; answers the thread id. */
  block: (ms: number): number => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); return threadId },
}

export const TEST_ENTRY = new URL(import.meta.url)

if (!isMainThread) serveTasks(TEST_TASKS)
