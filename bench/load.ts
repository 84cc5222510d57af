/**
 * The two load generators, each run as a child process pinned to the load core: wrk (closed loop,
 * fixed connections, as fast as the server answers) and bench/open-loop.ts (fixed offered rate).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { LOAD_CORE, pinned } from './servers.js'

export interface LoadResult {
  rps: number
  p50Ms: number
  p99Ms: number
  p999Ms: number
  requests: number
  /** Non-2xx responses plus socket errors and timeouts; any is a failed run. */
  errors: number
  maxMs?: number
  unfinished?: number
  /** Share of the server's core used by other processes during the run (see noise.ts). */
  foreign?: number
  /** The server's CPU per request by thread group, in µs (thread-cpu.ts); closed-loop runs only. */
  threadUs?: Record<string, number>
}

export interface WrkRun { root: string; port: number; poolFile: string; connections: number; seconds: number }

/** The wrk command line for a run (also shown in the report). */
export function wrkArgv(run: WrkRun, relative = false): string[] {
  const script = relative ? 'bench/pool.lua' : join(run.root, 'bench/pool.lua')
  return ['wrk', '-t1', `-c${run.connections}`, `-d${run.seconds}s`, '--timeout', '10s', '-s', script, `http://127.0.0.1:${run.port}/`, '--', relative ? '<pool>' : run.poolFile]
}

export async function runWrk(run: WrkRun): Promise<LoadResult> {
  const out = await capture(wrkArgv(run))
  const r = lastJson(out) as { requests: number; durationUs: number; status: number; connect: number; read: number; write: number; timeout: number; p50Us: number; p99Us: number; p999Us: number }
  return {
    rps: Math.round(r.requests / (r.durationUs / 1e6)),
    p50Ms: r.p50Us / 1000, p99Ms: r.p99Us / 1000, p999Ms: r.p999Us / 1000,
    requests: r.requests, errors: r.status + r.connect + r.read + r.write + r.timeout,
  }
}

export interface OpenLoopRun { root: string; port: number; poolFile: string; rate: number; seconds: number; warmup: number; connections: number }

export function openLoopArgv(run: OpenLoopRun, relative = false): string[] {
  return ['node', relative ? 'dist/bench/open-loop.js' : join(run.root, 'dist/bench/open-loop.js'), '--port', String(run.port),
    '--pool', relative ? '<pool>' : run.poolFile, '--rate', String(run.rate), '--duration', String(run.seconds),
    '--warmup', String(run.warmup), '--connections', String(run.connections)]
}

export async function runOpenLoop(run: OpenLoopRun): Promise<LoadResult> {
  const argv = openLoopArgv(run)
  argv[0] = process.execPath
  const r = lastJson(await capture(argv)) as { completed: number; errors: number; rps: number; p50Ms: number; p99Ms: number; p999Ms: number; maxMs: number; unfinished: number }
  return { rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, p999Ms: r.p999Ms, requests: r.completed, errors: r.errors + r.unfinished, maxMs: r.maxMs, unfinished: r.unfinished }
}

function capture(argv: string[]): Promise<string> {
  const [cmd, args] = pinned(LOAD_CORE, argv)
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { err += c.toString() })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv.slice(0, 2).join(' ')} exited with ${code}: ${err || out}`))))
  })
}

function lastJson(out: string): unknown {
  const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'))
  if (!line) throw new Error(`no result line in:\n${out}`)
  return JSON.parse(line)
}
