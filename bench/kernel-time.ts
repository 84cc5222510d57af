/**
 * `npm run bench -- --only perf`: where Trent's, floor B's and floor D's CPU time goes per Encrypt 32 B,
 * the kernel's share included, sampled by Linux perf (`perf record -g` on the server's process). This is what
 * `--profile` (JavaScript only) and `--only instructions` (user space only) cannot show: the fsync, the
 * writes and the wake-ups that a durable record costs. Two loads each: the closed loop at 16 connections
 * and the open loop at the bench's rate (2,000 req/s), where each audit record is a commit of its own.
 * Time is split by thread, grouped as thread-cpu.ts groups them, and by what was running when sampled.
 * Sampling costs the server some throughput (shown beside each run); the split is what to read.
 */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { runOpenLoop, runWrk, type LoadResult } from './load.js'
import { GC_FUNCTIONS } from './instructions.js'
import { preparePool, startSymmetricServer, SYMMETRIC_SERVERS, type Bench } from './phases.js'
import { EVENT_LOOP, threadGroup } from './thread-cpu.js'
import { WORKLOADS } from './workloads.js'

const CLOSED_CONNECTIONS = 16
const SECONDS = 10
const SAMPLES_PER_SECOND = 999

/**
 * What a sample was running, first match wins. Kernel time is named by the system call it served (any
 * frame of the stack; the kernel inlines some entry points, hence the inner names); user time by the
 * library or function it was in (the leaf). JIT-compiled JavaScript has no symbol without a perf map,
 * so perf shows it as [unknown].
 */
const KERNEL: readonly [string, RegExp][] = [
  ['fsync', /^(do_fsync|__x64_sys_f(data)?sync)$/],
  ['writes', /^(vfs_writev?|do_writev|ksys_p?write(64)?|__x64_sys_p?write(v|64)?)$/],
  ['reads', /^(vfs_readv?|do_readv|ksys_p?read(64)?|__x64_sys_p?read(v|64)?)$/],
  ['epoll, futex', /^__x64_sys_(epoll_wait|epoll_pwait2?|futex)$/],
  ['other syscalls', /^do_syscall_64$/],
]
const USER: readonly [string, RegExp][] = [
  ['GC', GC_FUNCTIONS],
  ['crypto', /sha256|aes|gcm|EVP_|HMAC|ossl_|OPENSSL/i],
  ['JSON', /Json/],
  ['HTTP parser', /llhttp/],
  ['V8 runtime', /^(Builtins_|v8::)/],
  ['node, libuv', /^(node::|uv_|uv__)/],
]
const CATEGORIES = [...KERNEL.map(([c]) => c), 'kernel, other', 'SQLite', 'libc', ...USER.map(([c]) => c), 'JIT code', 'rest'] as const

export interface KernelTime {
  server: string
  load: string
  run: LoadResult
  /** µs per request by thread group, then by category. */
  threads: Map<string, Record<string, number>>
}

/** Also true where Debian's perf wrapper finds no perf for the running kernel (it then exits non-zero). */
export function perfMissing(): boolean {
  const r = spawnSync('perf', ['--version'])
  return r.error !== undefined || r.status !== 0
}

export async function measureKernelTime(b: Bench): Promise<{ times: KernelTime[]; command: string }> {
  const w = WORKLOADS.find((x) => x.id === 'encrypt-32')!
  const times: KernelTime[] = []
  for (const name of SYMMETRIC_SERVERS) {
    const { server, keyId } = await startSymmetricServer(b, name, 'perf')
    try {
      const { file } = await preparePool(b, server, { keyId, ciphertexts: [] }, w, `perf-${server.port}`)
      await runWrk({ root: b.root, port: server.port, poolFile: file, connections: CLOSED_CONNECTIONS, seconds: b.warmup })
      const loads: [string, () => Promise<LoadResult>][] = [
        [`closed loop, ${CLOSED_CONNECTIONS} connections`, () => runWrk({ root: b.root, port: server.port, poolFile: file, connections: CLOSED_CONNECTIONS, seconds: SECONDS })],
        [`open loop, ${b.rate} req/s`, () => runOpenLoop({ root: b.root, port: server.port, poolFile: file, rate: b.rate, seconds: SECONDS, warmup: 1, connections: b.openConnections })],
      ]
      for (const [load, run] of loads) {
        await b.quiet.wait(10_000)
        const data = join(b.tmp, `perf-${server.port}-${times.length}.data`)
        const result = await sampled(server.pid, data, run)
        times.push({ server: name, load, run: result, threads: split(data, server.pid, result.requests) })
        b.progress(`  ${name}, ${load}: ${result.rps} req/s under perf`)
      }
    } finally {
      await server.stop()
    }
  }
  return { times, command: `perf record -F ${SAMPLES_PER_SECOND} -g -p <server pid> during a ${SECONDS} s run (after a ${b.warmup} s closed-loop warm-up); perf script` }
}

/** Runs `load` with perf recording the server, and stops perf (SIGINT, as Ctrl-C) once the load is done. */
async function sampled(pid: number, data: string, load: () => Promise<LoadResult>): Promise<LoadResult> {
  const perf = spawn('perf', ['record', '-q', '-F', String(SAMPLES_PER_SECOND), '-g', '-p', String(pid), '-o', data], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  perf.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<string>((resolve) => perf.once('exit', (code, signal) => resolve(signal ?? String(code))))
  await new Promise((resolve) => setTimeout(resolve, 500)) // perf attaches to every thread
  try {
    return await load()
  } finally {
    perf.kill('SIGINT')
    // perf record -p writes its data on Ctrl-C, then ends by that signal.
    const code = await exited
    if (code !== 'SIGINT' && code !== '0') throw new Error(`perf record exited with ${code}: ${stderr.slice(0, 500)} (kernel samples need root or kernel.perf_event_paranoid <= 1)`)
  }
}

/** µs per request by thread group and category, from the samples in `data`. */
function split(data: string, pid: number, requests: number): Map<string, Record<string, number>> {
  const script = spawnSync('perf', ['script', '-i', data, '-F', 'comm,tid,period,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 })
  if (script.status !== 0) throw new Error(`perf script failed: ${script.stderr.slice(0, 500)}`)
  const threads = new Map<string, Record<string, number>>()
  for (const sample of script.stdout.split('\n\n')) {
    const [header, ...frames] = sample.trim().split('\n')
    const m = header ? /^\s*(\S.*?)\s+(\d+)\s+(\d+)\s*$/.exec(header) : null
    if (!m) continue
    const [, comm, tid, periodNs] = m
    const group = threadGroup(pid, Number(tid), comm!)
    const byCategory = threads.get(group) ?? {}
    const category = categoryOf(frames.map(parseFrame))
    byCategory[category] = (byCategory[category] ?? 0) + Number(periodNs) / 1000 / requests
    threads.set(group, byCategory)
  }
  return threads
}

interface Frame { sym: string; dso: string }

/** One frame of `perf script`: `\t ffffffff81234567 do_fsync ([kernel.kallsyms])`. */
function parseFrame(line: string): Frame {
  const m = /^\s*[0-9a-f]+\s+(.*?)\s+\(([^()]*)\)\s*$/.exec(line)
  return m ? { sym: m[1]!, dso: m[2]! } : { sym: '', dso: '' }
}

function categoryOf(frames: readonly Frame[]): string {
  const leaf = frames[0]
  if (!leaf) return 'rest'
  if (leaf.dso === '[kernel.kallsyms]') {
    for (const [category, re] of KERNEL) if (frames.some((f) => re.test(f.sym))) return category
    return 'kernel, other'
  }
  if (/better_sqlite3/.test(leaf.dso)) return 'SQLite'
  if (/\/libc\.so/.test(leaf.dso)) return 'libc'
  for (const [category, re] of USER) if (re.test(leaf.sym)) return category
  if (leaf.dso === '[unknown]' || /perf-\d+\.map/.test(leaf.dso)) return 'JIT code'
  return 'rest'
}

export function renderKernelTime(times: readonly KernelTime[], meta: { date: string; revision: string; machine: string; command: string }, how: string): string {
  const round = (n: number): string => (n >= 9.5 ? String(Math.round(n)) : n.toFixed(1))
  const sum = (c: Record<string, number>): number => Object.values(c).reduce((x, y) => x + y, 0)
  const rows: string[] = []
  for (const t of times) {
    const groups = [...t.threads.entries()].sort(([a], [b]) => (a === EVENT_LOOP ? -1 : b === EVENT_LOOP ? 1 : a.localeCompare(b)))
    rows.push(`| **${t.server}**, ${t.load} (${t.run.rps} req/s) | all | **${round(groups.reduce((n, [, c]) => n + sum(c), 0))}** | ${CATEGORIES.map(() => '').join(' | ')} |`)
    for (const [group, c] of groups) rows.push(`| | ${group} | ${round(sum(c))} | ${CATEGORIES.map((k) => (c[k] ? round(c[k]) : '')).join(' | ')} |`)
  }
  return [
    `# CPU time per request, kernel included (perf): ${meta.date}`, '',
    `- Trent at ${meta.revision}; ${meta.machine}; command \`${meta.command}\``,
    `- ${how}`,
    '- µs of CPU per Encrypt 32 B. Kernel time is named by the system call it served; user time by the function it was in.', '',
    `| server, load | thread | µs per request | ${CATEGORIES.join(' | ')} |`,
    `|---|---|---:|${CATEGORIES.map(() => '---:|').join('')}`,
    ...rows, '',
  ].join('\n')
}
