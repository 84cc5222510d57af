/**
 * `npm run bench -- --only instructions`: Trent, floor B and floor D under valgrind's callgrind, which
 * counts the instructions the server runs in user space (all threads) instead of timing it, so other
 * load on the machine does not move the result. Each server gets a closed-loop Encrypt 32 B warm-up
 * uncounted (the JIT compiles meanwhile), then counting is switched on for a fixed run, and the
 * instructions are split by where they ran (GC, JSON, SHA-256, SQLite, JIT-compiled JavaScript, the
 * compiler, the rest). Run to run the total moves by about ±7%, mostly in compilation and GC, whose
 * timing depends on valgrind's ~100x slowdown; the total without the compiler repeats far more closely.
 * SHA-256 is counted on OpenSSL's AVX2 code (valgrind hides SHA-NI), so its share is larger than on
 * the real CPU.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { runWrk } from './load.js'
import { preparePool, startSymmetricServer, SYMMETRIC_SERVERS, type Bench } from './phases.js'
import { wrapper, type ServerHandle } from './servers.js'
import { WORKLOADS } from './workloads.js'

const CONNECTIONS = 16
const WARMUP_SECONDS = 20
const COUNTED_SECONDS = 20
/** Valgrind needs tens of seconds to bring node up. */
const READY_MS = 180_000

/** V8's garbage collector, by function name (also used by kernel-time.ts). */
export const GC_FUNCTIONS = /Scaveng|Marking|Sweep|Evacuat|MemoryChunk|Marker|Heap::|heap::|BodyDescriptor|SizeFromMap|SlotSet|RememberedSet|MarkCompact|EvacuationAllocator/

/** Where instructions ran, by the function callgrind names; first match wins, unmatched is 'rest'. */
const CATEGORIES: readonly [string, RegExp][] = [
  ['GC', GC_FUNCTIONS],
  ['SHA-256', /sha256/],
  ['JSON', /Json/],
  ['SQLite', /better_sqlite3/],
  ['JIT code', /^\?\?\?:0x/],
  ['compiler', /compiler::|maglev|Turbofan|Sparkplug|baseline::/i],
]

export interface InstructionCount { name: string; requests: number; total: number; byCategory: Record<string, number> }

export function valgrindMissing(): boolean {
  return spawnSync('valgrind', ['--version']).error !== undefined || spawnSync('callgrind_control', ['-h']).error !== undefined
}

export async function measureInstructions(b: Bench): Promise<{ counts: InstructionCount[]; command: string }> {
  const counts: InstructionCount[] = []
  const w = WORKLOADS.find((x) => x.id === 'encrypt-32')!
  const prefix = (outDir: string): string[] => ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', '--dump-instr=no', '--instr-atstart=no', `--callgrind-out-file=${outDir}/callgrind.%p`]
  for (const name of SYMMETRIC_SERVERS) {
    const outDir = join(b.tmp, `callgrind-${name.replace(' ', '-').toLowerCase()}`)
    mkdirSync(outDir, { recursive: true })
    b.progress(`  ${name} under callgrind (about a minute)`)
    Object.assign(wrapper, { prefix: prefix(outDir), readyMs: READY_MS })
    let server: ServerHandle | undefined
    try {
      const started = await startSymmetricServer(b, name, 'callgrind')
      server = started.server
      const { file } = await preparePool(b, server, { keyId: started.keyId, ciphertexts: [] }, w, `callgrind-${server.port}`)
      const run = { root: b.root, port: server.port, poolFile: file, connections: CONNECTIONS }
      await runWrk({ ...run, seconds: WARMUP_SECONDS })
      execFileSync('callgrind_control', ['-i', 'on', String(server.pid)], { stdio: 'ignore' })
      const counted = await runWrk({ ...run, seconds: COUNTED_SECONDS })
      execFileSync('callgrind_control', ['-i', 'off', String(server.pid)], { stdio: 'ignore' })
      execFileSync('callgrind_control', ['-d', String(server.pid)], { stdio: 'ignore' })
      counts.push(countOf(name, outDir, counted.requests))
    } finally {
      Object.assign(wrapper, { prefix: [], readyMs: 20_000 })
      await server?.stop()
    }
  }
  return { counts, command: `taskset -c 0 ${prefix('<dir>').join(' ')} node ...; callgrind_control -i on|-i off|-d <pid> around a ${COUNTED_SECONDS} s wrk run at ${CONNECTIONS} connections after ${WARMUP_SECONDS} s uncounted` }
}

/** The dump written by `callgrind_control -d` (the file with a part number), split by category. */
function countOf(name: string, outDir: string, requests: number): InstructionCount {
  const dump = readdirSync(outDir).find((f) => /^callgrind\.\d+\.\d+$/.test(f))
  if (!dump) throw new Error(`${name}: callgrind wrote no dump in ${outDir}`)
  const annotated = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', join(outDir, dump)], { encoding: 'utf8', maxBuffer: 256 << 20 })
  const byCategory: Record<string, number> = {}
  let total = 0
  for (const line of annotated.split('\n')) {
    const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line)
    if (!m || m[2]!.includes('PROGRAM TOTALS')) continue
    const count = Number(m[1]!.replace(/,/g, ''))
    const category = CATEGORIES.find(([, re]) => re.test(m[2]!))?.[0] ?? 'rest'
    byCategory[category] = (byCategory[category] ?? 0) + count
    total += count
  }
  return { name, requests, total, byCategory }
}

export function renderInstructions(counts: readonly InstructionCount[], meta: { date: string; revision: string; machine: string; command: string }, how: string): string {
  const categories = [...CATEGORIES.map(([c]) => c), 'rest']
  const per = (n: number, requests: number): string => Math.round(n / requests).toLocaleString('en-US')
  const floorB = counts.find((c) => c.name === 'Floor B')
  const steady = (c: InstructionCount): number => (c.total - (c.byCategory['compiler'] ?? 0)) / c.requests
  return [
    `# Instructions per request (callgrind): ${meta.date}`, '',
    `- Trent at ${meta.revision}; ${meta.machine}; command \`${meta.command}\``,
    `- ${how}`, '',
    'Without the compiler: the JIT may still be compiling after the warm-up, and how much varies from run to run.', '',
    `| Server | requests counted | instructions per request | vs floor B | without the compiler | vs floor B | ${categories.join(' | ')} |`,
    `|---|---:|---:|---:|---:|---:|${categories.map(() => '---:|').join('')}`,
    ...counts.map((c) => `| ${c.name} | ${c.requests} | ${per(c.total, c.requests)} | ${floorB ? (c.total / c.requests / (floorB.total / floorB.requests)).toFixed(2) : '–'} | ` +
      `${per(steady(c), 1)} | ${floorB ? (steady(c) / steady(floorB)).toFixed(2) : '–'} | ` +
      `${categories.map((k) => per(c.byCategory[k] ?? 0, c.requests)).join(' | ')} |`),
    '',
  ].join('\n')
}
