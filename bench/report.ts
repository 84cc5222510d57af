/** The bench's Markdown report: closed-loop table with ratios, open-loop table, targets, and how it ran. */
import type { LoadResult } from './load.js'
import { CONNECTIONS, WORKLOADS } from './workloads.js'

export type ServerKey = 'trent' | 'b' | 'a' | 'trentInfo'

export interface Results {
  /** Keyed by `${workload.id}/${connections}`. */
  closed: Map<string, Partial<Record<ServerKey, LoadResult>>>
  /** One result per interleaved round. */
  open: Partial<Record<ServerKey, LoadResult[]>>
  meta: {
    date: string; revision: string; machine: string; node: string; command: string; nice: number; logLevel: string
    seconds: number; openSeconds: number; rounds: number; warmup: number; rate: number; openConnections: number; poolSize: number; pinned: boolean
    commands: string[]
  }
}

export const TARGET_THROUGHPUT = 0.7
export const TARGET_P99 = 1.5

const ms = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(2))
const num = (v: number | undefined): string => (v === undefined ? '–' : String(Math.round(v)))
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || !b ? '–' : (a / b).toFixed(2))
function median<T>(xs: T[] | undefined, f: (x: T) => number): number | undefined {
  if (!xs?.length) return undefined
  const v = xs.map(f).sort((a, b) => a - b)
  const mid = v.length >> 1
  return v.length % 2 ? v[mid] : (v[mid - 1]! + v[mid]!) / 2
}

const noise = (...rs: (LoadResult | undefined)[]): string => rs.map((x) => (x?.foreign === undefined ? '–' : Math.round(x.foreign * 100))).join('/')
const cell = (r: LoadResult | undefined): string => (r ? `${num(r.rps)}${r.errors ? ` (${r.errors} err)` : ''} | ${ms(r.p50Ms)} / ${ms(r.p99Ms)}` : '– | –')

export function renderReport(r: Results): string {
  const { meta } = r
  const out: string[] = []
  out.push(`# Trent bench: ${meta.date}`, '')
  out.push(`- Trent at ${meta.revision}`)
  out.push(`- Machine: ${meta.machine}; Node ${meta.node}; ${meta.pinned ? `server on core 0, load generator on core 1 (taskset)${meta.nice ? `, both at nice ${meta.nice}` : ''}` : 'NOT pinned (taskset or a second core missing)'}`)
  out.push(`- Command: \`${meta.command}\``)
  out.push(`- Trent log level: ${meta.logLevel}; closed-loop runs: ${meta.warmup} s warm-up + ${meta.seconds} s measured; open loop: ${meta.rounds} interleaved rounds of 1 s warm-up + ${meta.openSeconds} s measured per server; ${meta.poolSize} distinct SDK-signed requests per run, replayed in a cycle`)
  out.push('- noise %: CPU used on the two cores by processes other than the bench during the measured run, in % of one core; before each run the bench waits for a quiet machine and repeats a closed-loop run above 10% once (keeping the quieter), within a 60 s budget for the whole bench')
  out.push('')
  out.push('## Closed loop (wrk, 1 thread): requests/s and latency p50 / p99 in ms', '')
  const info = [...r.closed.values()].some((c) => c.trentInfo)
  out.push(`| Workload | Conns | Trent req/s | Trent p50 / p99 | Floor B req/s | B p50 / p99 | Floor A req/s | A p50 / p99 | Trent/B | Trent/A |${info ? ' Trent @info req/s | @info/B |' : ''} noise % T/B/A${info ? '/info' : ''} |`)
  out.push(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${info ? '---:|---:|' : ''}---:|`)
  for (const w of WORKLOADS) {
    for (const c of CONNECTIONS) {
      const row = r.closed.get(`${w.id}/${c}`)
      if (!row) continue
      out.push(`| ${w.label} | ${c} | ${cell(row.trent)} | ${cell(row.b)} | ${cell(row.a)} | ${ratio(row.trent?.rps, row.b?.rps)} | ${ratio(row.trent?.rps, row.a?.rps)} |` +
        (info ? ` ${num(row.trentInfo?.rps)} | ${ratio(row.trentInfo?.rps, row.b?.rps)} |` : '') +
        ` ${info ? noise(row.trent, row.b, row.a, row.trentInfo) : noise(row.trent, row.b, row.a)} |`)
    }
  }
  out.push('')
  out.push(`## Open loop: Encrypt 32 B at ${meta.rate} requests/s offered over ${meta.openConnections} connections (latency from the scheduled send time, ms; median of ${meta.rounds} interleaved rounds)`, '')
  out.push('| Server | achieved req/s | p50 | p99 | p99.9 | max | errors | p99 by round | p99 vs floor B | p99 vs floor A | noise % by round |')
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  const names: [ServerKey, string][] = [['trent', 'Trent'], ['b', 'Floor B'], ['a', 'Floor A']]
  const p99 = (k: ServerKey): number | undefined => median(r.open[k], (x) => x.p99Ms)
  for (const [key, name] of names) {
    const o = r.open[key]
    if (!o?.length) continue
    out.push(`| ${name} | ${num(median(o, (x) => x.rps))} | ${ms(median(o, (x) => x.p50Ms))} | ${ms(p99(key))} | ${ms(median(o, (x) => x.p999Ms))} | ` +
      `${ms(Math.max(...o.map((x) => x.maxMs ?? 0)))} | ${o.reduce((a, x) => a + x.errors, 0)} | ${o.map((x) => ms(x.p99Ms)).join(', ')} | ` +
      `${ratio(p99(key), p99('b'))} | ${ratio(p99(key), p99('a'))} | ${noise(...o)} |`)
  }
  out.push('', '## Targets', '', ...targets(r), '', '## Commands', '', '```', ...meta.commands, '```', '')
  return out.join('\n')
}

function targets(r: Results): string[] {
  const lines: string[] = []
  const enc = WORKLOADS.filter((w) => w.op === 'Encrypt').flatMap((w) => CONNECTIONS.map((c) => [w.label, c, r.closed.get(`${w.id}/${c}`)] as const))
  const ratios = enc.filter(([, , row]) => row?.trent && row.b).map(([label, c, row]) => [label, c, row!.trent!.rps / row!.b!.rps] as const)
  if (ratios.length) {
    const worst = Math.min(...ratios.map(([, , x]) => x))
    lines.push(`- Trent Encrypt >= ${TARGET_THROUGHPUT * 100}% of floor B: **${worst >= TARGET_THROUGHPUT ? 'MET' : 'NOT MET'}** (` +
      ratios.map(([label, c, x]) => `${label} @${c}: ${(x * 100).toFixed(0)}%`).join(', ') + ')')
  }
  const t = median(r.open.trent, (x) => x.p99Ms)
  const b = median(r.open.b, (x) => x.p99Ms)
  if (t !== undefined && b) {
    const x = t / b
    lines.push(`- Trent p99 at ${r.meta.rate} req/s <= ${TARGET_P99} x floor B p99 (medians of the rounds): **${x <= TARGET_P99 ? 'MET' : 'NOT MET'}** (${ms(t)} ms vs ${ms(b)} ms = ${x.toFixed(2)}x)`)
  }
  return lines
}
