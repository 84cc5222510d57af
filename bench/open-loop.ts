/**
 * Open-loop load generator (Debian ships wrk, not wrk2, and wrk is closed-loop). Requests are due on a
 * fixed schedule (request k at start + k/rate) whatever the server does, and sent over N keep-alive
 * connections, one outstanding request per connection; a request due while every connection is busy
 * waits in a queue. Latency runs from the scheduled time, not the send time, so a server stall is
 * charged to every request it delayed (no coordinated omission). The loop spins on setImmediate so
 * sends leave within microseconds of their schedule; it is meant to own its core (taskset -c 1).
 *
 *   node dist/bench/open-loop.js --port P --pool FILE --rate 2000 --duration 10 --warmup 2 --connections 32
 * Prints one JSON line: { sent, completed, errors, rps, p50Ms, p99Ms, p999Ms, maxMs, late }.
 */
import { connect, type Socket } from 'node:net'
import { createHistogram, performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { readPool, ResponseParser } from './raw-http.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string' }, pool: { type: 'string' }, rate: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, connections: { type: 'string', default: '32' },
  },
})
const port = Number(values.port)
const pool = readPool(values.pool ?? '')
const rate = Number(values.rate)
const durationMs = Number(values.duration) * 1000
const warmupMs = Number(values.warmup) * 1000
const period = 1000 / rate

interface Conn { socket: Socket; parser: ResponseParser; scheduled: number }

const histogram = createHistogram()
const idle: Conn[] = []
const due: number[] = []
let dueHead = 0
let next = 0
let scheduledCount = 0
let inFlight = 0
let completed = 0
let errors = 0
let start = 0
let measureFrom = 0
let end = 0

function dispatch(conn: Conn): void {
  conn.scheduled = due[dueHead++]!
  if (dueHead > 4096) { due.splice(0, dueHead); dueHead = 0 }
  inFlight++
  conn.socket.write(pool[next++ % pool.length]!)
}

function onResponse(conn: Conn, status: number): void {
  const now = performance.now()
  inFlight--
  if (conn.scheduled >= measureFrom && conn.scheduled < end) {
    histogram.record(Math.max(1, Math.round((now - conn.scheduled) * 1e6)))
    completed++
    if (status !== 200) errors++
  }
  if (dueHead < due.length) dispatch(conn)
  else idle.push(conn)
}

function open(): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    socket.setNoDelay(true)
    const conn: Conn = { socket, parser: new ResponseParser(), scheduled: 0 }
    socket.once('connect', () => resolve(conn))
    socket.on('error', reject)
    socket.on('close', () => { if (performance.now() < end) fail(new Error('server closed a connection during the run')) })
    socket.on('data', (chunk: Buffer) => {
      const res = conn.parser.feed(chunk)
      if (res) onResponse(conn, res.status)
    })
  })
}

function tick(): void {
  const now = performance.now()
  if (now < end) {
    while (start + scheduledCount * period <= now) due.push(start + period * scheduledCount++)
    while (idle.length && dueHead < due.length) dispatch(idle.shift()!)
    setImmediate(tick)
  } else if (inFlight > 0 && now < end + 5_000) setImmediate(tick)
  else finish(now)
}

function finish(now: number): void {
  const ms = (p: number): number => Math.round(histogram.percentile(p) / 1e3) / 1e3
  const result = {
    rate, connections: Number(values.connections), scheduled: scheduledCount, completed, errors,
    rps: Math.round(completed / (durationMs / 1000)),
    p50Ms: ms(50), p99Ms: ms(99), p999Ms: ms(99.9), maxMs: Math.round(histogram.max / 1e3) / 1e3,
    /** Requests still queued or in flight 5 s after the schedule ended (a sign of overload). */
    unfinished: due.length - dueHead + inFlight, drainMs: Math.round(now - end),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(0)
}

function fail(err: Error): void {
  process.stderr.write(`open-loop: ${err.message}\n`)
  process.exit(1)
}

const conns = await Promise.all(Array.from({ length: Number(values.connections) }, open)).catch(fail)
if (conns) {
  idle.push(...conns)
  start = performance.now()
  measureFrom = start + warmupMs
  end = measureFrom + durationMs
  tick()
}
