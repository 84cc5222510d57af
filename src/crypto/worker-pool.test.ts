import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WorkerPool, WorkerPoolBusyError, type WorkerPoolOptions } from './worker-pool.js'
import { TEST_ENTRY, TEST_TASKS } from './worker-pool.test-support.js'

type TestTasks = typeof TEST_TASKS

async function withPool(opts: Partial<WorkerPoolOptions<TestTasks>>, body: (pool: WorkerPool<TestTasks>) => Promise<void>): Promise<void> {
  const pool = new WorkerPool({ entry: TEST_ENTRY, tasks: TEST_TASKS, size: 1, ...opts })
  try {
    await body(pool)
  } finally {
    await pool.close()
  }
}

test('tasks run on worker threads; byte arguments are copied across, never detached from the caller', async () => {
  await withPool({ size: 2 }, async (pool) => {
    const pooled = Buffer.from('hello') // a slice of node's shared allocation pool
    const reversed = await pool.run('reverse', pooled)
    assert.ok(reversed instanceof Uint8Array)
    assert.equal(Buffer.from(reversed).toString(), 'olleh')
    assert.equal(pooled.toString(), 'hello')
    assert.ok(pooled.buffer.byteLength > 0)
    assert.equal(await pool.run('isBuffer', pooled), false)
    assert.notEqual(await pool.run('threadId'), 0)
    assert.equal(pool.workers, 1)
  })
})

test('a task that throws rejects with its error name and message, and the worker goes on serving', async () => {
  await withPool({}, async (pool) => {
    const first = await pool.run('threadId')
    await assert.rejects(pool.run('fail', 'no such key'), (err: Error) => {
      assert.equal(err.constructor, Error)
      assert.equal(err.message, 'TypeError: no such key')
      assert.match(err.stack ?? '', /worker-pool\.test-support/)
      return true
    })
    assert.equal(await pool.run('threadId'), first)
  })
})

test('a worker that dies fails its task with an Error and is replaced by a new thread', async () => {
  const errors: Error[] = []
  await withPool({ onWorkerError: (err) => errors.push(err) }, async (pool) => {
    const first = await pool.run('threadId')
    await assert.rejects(pool.run('exit', 3), { constructor: Error, message: 'worker exited with code 3 while running exit' })
    assert.equal(pool.workers, 0)
    const second = await pool.run('threadId')
    assert.notEqual(second, first)
    assert.equal(pool.workers, 1)
  })
  assert.deepEqual(errors, []) // process.exit is not an uncaught error
})

test('a worker whose entry fails reports the error and fails the task, and so does each replacement', async () => {
  const errors: string[] = []
  const entry = new URL('data:text/javascript,throw new Error("bad entry")')
  await withPool({ entry, onWorkerError: (err) => errors.push(err.message) }, async (pool) => {
    await assert.rejects(pool.run('threadId'), { constructor: Error, message: 'worker exited with code 1 while running threadId' })
    await assert.rejects(pool.run('threadId'), { constructor: Error, message: 'worker exited with code 1 while running threadId' })
    assert.equal(pool.workers, 0)
  })
  assert.deepEqual(errors, ['bad entry', 'bad entry'])
})

test('a result that cannot cross threads rejects with DataCloneError', async () => {
  await withPool({}, async (pool) => {
    await assert.rejects(pool.run('unclonable'), { message: /^DataCloneError: / })
    assert.equal(pool.workers, 1)
  })
})

test('at most `size` workers run; beyond `maxQueue` waiting tasks, run rejects with WorkerPoolBusyError', async () => {
  await withPool({ size: 2, maxQueue: 1 }, async (pool) => {
    const running = [pool.run('block', 300), pool.run('block', 300), pool.run('block', 10)]
    await assert.rejects(pool.run('threadId'), { name: 'WorkerPoolBusyError', message: 'the queue is full: 1 tasks are waiting for a worker' })
    assert.ok(await pool.run('threadId').catch((err: unknown) => err) instanceof WorkerPoolBusyError)
    assert.equal(pool.workers, 2)
    const threads = new Set(await Promise.all(running))
    assert.equal(threads.size, 2)
    assert.ok(!threads.has(0))
  })
})

test('close() terminates every worker; tasks in flight, waiting or started later reject', async () => {
  const pool = new WorkerPool({ entry: TEST_ENTRY, tasks: TEST_TASKS, size: 2 })
  const started = Date.now()
  const tasks = [pool.run('block', 5000), pool.run('block', 5000), pool.run('block', 5000)].map((p) => p.then(() => 'done', (err: Error) => err.message))
  assert.equal(pool.workers, 2)
  await pool.close()
  assert.equal(pool.workers, 0)
  assert.deepEqual(await Promise.all(tasks), ['worker pool is closed', 'worker pool is closed', 'worker pool is closed'])
  assert.ok(Date.now() - started < 4000, 'terminate() interrupts a blocked worker')
  await assert.rejects(pool.run('threadId'), { message: 'worker pool is closed' })
})

test('size 0 runs each task inline on the calling thread, with the caller\'s own Buffers', async () => {
  await withPool({ size: 0 }, async (pool) => {
    assert.equal(await pool.run('threadId'), 0)
    assert.equal(await pool.run('isBuffer', Buffer.from('x')), true)
    await assert.rejects(pool.run('fail', 'inline'), { constructor: TypeError, message: 'inline' })
    assert.equal(pool.workers, 0)
  })
  assert.throws(() => new WorkerPool({ entry: TEST_ENTRY, tasks: TEST_TASKS, size: -1 }), RangeError)
})

test('idle workers do not keep the process alive', () => {
  const script = `
    import { WorkerPool } from ${JSON.stringify(new URL('./worker-pool.js', import.meta.url).href)}
    import { TEST_ENTRY, TEST_TASKS } from ${JSON.stringify(TEST_ENTRY.href)}
    const pool = new WorkerPool({ entry: TEST_ENTRY, tasks: TEST_TASKS, size: 2 })
    console.log(await pool.run('block', 10))`
  const dir = mkdtempSync(join(tmpdir(), 'trent-pool-'))
  try {
    writeFileSync(join(dir, 'idle.mjs'), script)
    const run = spawnSync(process.execPath, [join(dir, 'idle.mjs')], { encoding: 'utf8', timeout: 20_000 })
    assert.equal(run.error, undefined)
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /^[1-9]\d*\n$/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
