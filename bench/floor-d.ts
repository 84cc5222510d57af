/**
 * Floor D: floor B plus durability. Before a response leaves, a record of the call (a fixed text the
 * size of Trent's Encrypt record) is on disk: records are group-committed by a journal thread
 * (floor-d-journal.ts: one write and one fdatasync per batch), as Trent's audit trail must make its
 * records durable. It is the least work a durable-before-response server does that we could build on this
 * stack and this disk (not a proven optimum); what it loses against floor B is the price of the flush itself.
 * Deliberately absent: everything floor B leaves out, plus the record's content, SQLite, its indexes and
 * the hash chain.
 *
 *   node dist/bench/floor-d.js --port 4604 --journal /tmp/floor-d.journal
 */
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { serveFloor } from './floor-server.js'
import { symmetricOperations } from './symmetric-operations.js'

const { values } = parseArgs({ options: { port: { type: 'string' }, journal: { type: 'string' } } })
if (!values.journal) throw new Error('floor-d: --journal <file> is required')

/** Trent's Encrypt record is about 960 bytes of canonical JSON (measured on the bench's own trail). */
const RECORD_BYTES = 960

const journal = new Worker(new URL('./floor-d-journal.js', import.meta.url), { workerData: { path: values.journal } })
/**
 * What to do when each batch in the journal's hands is on disk, oldest first: the journal answers in order.
 * A queue, not a Map from batch id, which would keep answered batches alive into the old generation
 * (src/api/in-flight.ts).
 */
const answered: (() => void)[] = []
journal.on('message', () => answered.shift()?.())
let pending: { record: string; done: () => void }[] = []
let flushing = false

/** Resolves once `record` is on disk; records that arrive while a batch is written go in the next one. */
function durable(record: string): Promise<void> {
  return new Promise((resolve) => {
    pending.push({ record, done: resolve })
    if (flushing) return
    flushing = true
    setImmediate(flush)
  })
}

function flush(): void {
  if (pending.length === 0) {
    flushing = false
    return
  }
  const batch = pending
  pending = []
  answered.push(() => {
    for (const p of batch) p.done()
    flush()
  })
  journal.postMessage({ records: batch.map((p) => p.record).join('\n') })
}

const record = (requestId: string): string => {
  const head = `{"requestID":"${requestId}","padding":"`
  return `${head}${'x'.repeat(RECORD_BYTES - head.length - 2)}"}`
}

serveFloor('floor-d', Number(values.port), symmetricOperations(), (requestId) => durable(record(requestId)))
