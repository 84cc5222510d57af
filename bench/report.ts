/** The bench's Markdown report: closed-loop table with ratios, open-loop table, targets, and how it ran. */
import type { AsymResults } from './asym-phase.js'
import { renderAudit, type AuditRun } from './audit-counters.js'
import type { LoadResult } from './load.js'
import { EVENT_LOOP, OTHER_THREADS } from './thread-cpu.js'
import { ASYM_CONNECTIONS, ASYM_WORKLOADS, CONNECTIONS, STALL_CONNECTIONS, WORKLOADS } from './workloads.js'

export type ServerKey = 'trent' | 'b' | 'd' | 'a' | 'trentInfo'

export interface Results {
  /** Keyed by `${workload.id}/${connections}`. */
  closed: Map<string, Partial<Record<ServerKey, LoadResult>>>
  /** One result per interleaved round. */
  open: Partial<Record<ServerKey, LoadResult[]>>
  /** The asymmetric and HMAC phase, when run. */
  asym?: AsymResults
  /** Trent's audit store counters per closed-loop run. */
  audit: AuditRun[]
  meta: {
    date: string; revision: string; machine: string; node: string; command: string; nice: number; logLevel: string
    seconds: number; closedRounds: number; openSeconds: number; rounds: number; warmup: number; rate: number; openConnections: number; poolSize: number; pinned: boolean
    commands: string[]
  }
}

export const TARGET_THROUGHPUT = 0.7
export const TARGET_P99 = 1.5
/** Asymmetric/HMAC: Trent >= 70% of floor C; Encrypt p99 under RSA_4096 load <= 2x its p99 without. */
export const TARGET_ASYM = 0.7
export const TARGET_STALL = 2

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
  out.push(`- Trent log level: ${meta.logLevel}; closed-loop runs: ${meta.warmup} s warm-up + ${meta.seconds} s measured (Trent and floors B and D: ${meta.closedRounds} interleaved round${meta.closedRounds === 1 ? '' : 's'} per cell, the round with the median Trent/B ratio reported); open loop: ${meta.rounds} interleaved rounds of 1 s warm-up + ${meta.openSeconds} s measured per server; ${meta.poolSize} distinct SDK-signed requests per run, replayed in a cycle`)
  out.push('- noise %: CPU used on the two cores by processes other than the bench during the measured run, in % of one core; before each run the bench waits for a quiet machine and repeats a closed-loop run above 10% once (keeping the quieter), within a 60 s budget for the whole bench')
  out.push('')
  if (r.closed.size) out.push(...symmetric(r))
  out.push(...renderAudit(r.audit))
  if (r.asym) out.push(...asymmetric(r, r.asym))
  out.push('## Targets', '', ...targets(r), ...(r.asym ? asymTargets(r.asym) : []), '', '## Commands', '', '```', ...meta.commands, '```', '')
  return out.join('\n')
}

function symmetric(r: Results): string[] {
  const { meta } = r
  const out: string[] = []
  out.push('## Closed loop (wrk, 1 thread): requests/s and latency p50 / p99 in ms', '')
  const info = [...r.closed.values()].some((c) => c.trentInfo)
  out.push(`| Workload | Conns | Trent req/s | Trent p50 / p99 | Floor B req/s | B p50 / p99 | Floor D req/s | D p50 / p99 | Floor A req/s | A p50 / p99 | Trent/B | Trent/D | D/B | Trent/A |${info ? ' Trent @info req/s | @info/B |' : ''} noise % T/B/D/A${info ? '/info' : ''} |`)
  out.push(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${info ? '---:|---:|' : ''}---:|`)
  for (const w of WORKLOADS) {
    for (const c of CONNECTIONS) {
      const row = r.closed.get(`${w.id}/${c}`)
      if (!row) continue
      out.push(`| ${w.label} | ${c} | ${cell(row.trent)} | ${cell(row.b)} | ${cell(row.d)} | ${cell(row.a)} | ${ratio(row.trent?.rps, row.b?.rps)} | ` +
        `${ratio(row.trent?.rps, row.d?.rps)} | ${ratio(row.d?.rps, row.b?.rps)} | ${ratio(row.trent?.rps, row.a?.rps)} |` +
        (info ? ` ${num(row.trentInfo?.rps)} | ${ratio(row.trentInfo?.rps, row.b?.rps)} |` : '') +
        ` ${info ? noise(row.trent, row.b, row.d, row.a, row.trentInfo) : noise(row.trent, row.b, row.d, row.a)} |`)
    }
  }
  out.push('')
  out.push(...threadTable(r))
  out.push(`## Open loop: Encrypt 32 B at ${meta.rate} requests/s offered over ${meta.openConnections} connections (latency from the scheduled send time, ms; median of ${meta.rounds} interleaved rounds)`, '')
  out.push('| Server | achieved req/s | p50 | p99 | p99.9 | max | errors | p99 by round | p99 vs floor B | p99 vs floor D | p99 vs floor A | noise % by round |')
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  const names: [ServerKey, string][] = [['trent', 'Trent'], ['b', 'Floor B'], ['d', 'Floor D'], ['a', 'Floor A']]
  const p99 = (k: ServerKey): number | undefined => median(r.open[k], (x) => x.p99Ms)
  for (const [key, name] of names) {
    const o = r.open[key]
    if (!o?.length) continue
    out.push(`| ${name} | ${num(median(o, (x) => x.rps))} | ${ms(median(o, (x) => x.p50Ms))} | ${ms(p99(key))} | ${ms(median(o, (x) => x.p999Ms))} | ` +
      `${ms(Math.max(...o.map((x) => x.maxMs ?? 0)))} | ${o.reduce((a, x) => a + x.errors, 0)} | ${o.map((x) => ms(x.p99Ms)).join(', ')} | ` +
      `${ratio(p99(key), p99('b'))} | ${ratio(p99(key), p99('d'))} | ${ratio(p99(key), p99('a'))} | ${noise(...o)} |`)
  }
  out.push('')
  return out
}

/** CPU per request by thread, for the servers whose runs carry it (thread-cpu.ts). */
function threadTable(r: Results): string[] {
  const servers: [ServerKey, string][] = [['trent', 'Trent'], ['b', 'Floor B'], ['d', 'Floor D']]
  const rows = WORKLOADS.flatMap((w) => CONNECTIONS.map((c) => [w.label, c, r.closed.get(`${w.id}/${c}`)] as const)).filter(([, , row]) => row && servers.some(([k]) => row[k]?.threadUs))
  if (!rows.length) return []
  const out = ['## CPU per request by thread (closed loop, µs, user + system, from /proc over the measured run)', '',
    '"event loop" is the main thread; "other" is V8\'s platform threads (concurrent GC, compilation) and libuv\'s pool.', '',
    `| Workload | Conns | ${servers.map(([, name]) => name).join(' | ')} |`, `|---|---:|${servers.map(() => '---|').join('')}`]
  for (const [label, c, row] of rows) out.push(`| ${label} | ${c} | ${servers.map(([k]) => threadCell(row![k]?.threadUs)).join(' | ')} |`)
  out.push('')
  return out
}

function threadCell(us: Record<string, number> | undefined): string {
  if (!us) return '–'
  const { [EVENT_LOOP]: loop = 0, [OTHER_THREADS]: other = 0, ...named } = us
  const parts = [`${loop} event loop`, ...Object.keys(named).sort().map((k) => `${named[k]} ${k}`), `${other} other`]
  return `${parts.join(' + ')} = **${Object.values(us).reduce((a, x) => a + x, 0)}**`
}

const stallP99 = (xs: LoadResult[]): number | undefined => median(xs, (x) => x.p99Ms)

function asymmetric(r: Results, a: AsymResults): string[] {
  const out: string[] = []
  out.push(`## Asymmetric and HMAC: closed loop (wrk, 1 thread, ${ASYM_CONNECTIONS} connections), Trent vs floor C; requests/s and p50 / p99 in ms`, '')
  out.push('Floor C (bench/floor-c.ts): SigV4 with Trent\'s verifier + node:crypto sign / verify / createHmac inline with in-memory KeyObjects; no worker hop for RSA (Trent signs RSA on its worker thread, which shares the pinned core).', '')
  out.push('| Workload | Trent req/s | Trent p50 / p99 | Floor C req/s | C p50 / p99 | Trent/C | noise % T/C |')
  out.push('|---|---:|---:|---:|---:|---:|---:|')
  for (const w of ASYM_WORKLOADS) {
    const row = a.closed.get(w.id)
    if (!row) continue
    out.push(`| ${w.label} | ${cell(row.trent)} | ${cell(row.floor)} | ${ratio(row.trent?.rps, row.floor?.rps)} | ${noise(row.trent, row.floor)} |`)
  }
  out.push('')
  if (a.stall.length) {
    out.push(`## Stall test: Trent Encrypt 32 B at ${r.meta.rate} req/s offered (open loop, ${r.meta.openConnections} connections, ms), alone and while wrk drives RSA_4096 Sign at ${STALL_CONNECTIONS} connections; medians of ${a.stall[0]!.alone.length} interleaved rounds; generators on core ${1}`, '')
    out.push('| Trent placement | alone p50 / p99 | loaded p50 / p99 | loaded p99.9 / max | loaded achieved req/s | p99 by round alone / loaded | loaded p99 / alone p99 | RSA_4096 Sign req/s (p99 ms) | noise % alone / loaded |')
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (const v of a.stall) {
      const al = stallP99(v.alone)
      const lo = stallP99(v.loaded)
      out.push(`| ${v.label}${v.reniced ? ` (${v.reniced})` : ''} | ${ms(median(v.alone, (x) => x.p50Ms))} / ${ms(al)} | ${ms(median(v.loaded, (x) => x.p50Ms))} / ${ms(lo)} | ` +
        `${ms(median(v.loaded, (x) => x.p999Ms))} / ${ms(Math.max(...v.loaded.map((x) => x.maxMs ?? 0)))} | ${num(median(v.loaded, (x) => x.rps))}${v.loaded.some((x) => x.errors) ? ` (${v.loaded.reduce((s, x) => s + x.errors, 0)} err)` : ''} | ` +
        `${v.alone.map((x) => ms(x.p99Ms)).join(', ')} / ${v.loaded.map((x) => ms(x.p99Ms)).join(', ')} | ${ratio(lo, al)} | ` +
        `${num(median(v.rsa, (x) => x.rps))} (${ms(median(v.rsa, (x) => x.p99Ms))}) | ${noise(...v.alone)} / ${noise(...v.loaded)} |`)
    }
    out.push('')
  }
  return out
}

function asymTargets(a: AsymResults): string[] {
  const lines: string[] = []
  const ratios = ASYM_WORKLOADS.flatMap((w) => {
    const row = a.closed.get(w.id)
    return row?.trent && row.floor ? [[w.label, row.trent.rps / row.floor.rps] as const] : []
  })
  for (const [label, x] of ratios) lines.push(`- ${label} >= ${TARGET_ASYM * 100}% of floor C: **${x >= TARGET_ASYM ? 'MET' : 'NOT MET'}** (${(x * 100).toFixed(0)}%)`)
  for (const v of a.stall) {
    const al = stallP99(v.alone)
    const lo = stallP99(v.loaded)
    if (al === undefined || lo === undefined) continue
    const errs = v.loaded.reduce((s, x) => s + x.errors, 0)
    lines.push(`- Encrypt p99 under RSA_4096 Sign load <= ${TARGET_STALL}x without (${v.label}): **${lo / al <= TARGET_STALL && !errs ? 'MET' : 'NOT MET'}** (${ms(lo)} ms vs ${ms(al)} ms = ${(lo / al).toFixed(2)}x${errs ? `, ${errs} errors` : ''})`)
  }
  return lines
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
  lines.push(...durabilityReference(r, enc))
  return lines
}

/**
 * Not targets: what durability alone costs (floor D against floor B) and how far Trent is from the least-work
 * durable-before-response server we could build (Trent against floor D), so a missed target can be read as the
 * price of the flush or as Trent's own.
 */
function durabilityReference(r: Results, enc: readonly (readonly [string, number, Partial<Record<ServerKey, LoadResult>> | undefined])[]): string[] {
  const rows = enc.filter(([, , row]) => row?.trent && row.b && row.d)
  const lines: string[] = []
  if (rows.length) {
    lines.push('- For reference, not a target: Encrypt floor D / floor B ' + rows.map(([label, c, row]) => `${label} @${c}: ${(row!.d!.rps / row!.b!.rps * 100).toFixed(0)}%`).join(', ') +
      '; Trent / floor D ' + rows.map(([label, c, row]) => `${label} @${c}: ${(row!.trent!.rps / row!.d!.rps * 100).toFixed(0)}%`).join(', '))
  }
  const [t, b, d] = (['trent', 'b', 'd'] as const).map((k) => median(r.open[k], (x) => x.p99Ms))
  if (t !== undefined && b && d) {
    lines.push(`- For reference, not a target: open-loop p99 of floor D ${ms(d)} ms = ${(d / b).toFixed(2)}x floor B's; Trent's = ${(t / d).toFixed(2)}x floor D's`)
  }
  return lines
}
