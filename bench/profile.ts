/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) over a time window (the measured run) and reports
 * CPU per request: by area (native frames charged to the nearest JavaScript caller's area), by
 * function (self time), and Trent's own functions by inclusive time; plus a Trent-vs-floor-B diff.
 */
import { readFileSync } from 'node:fs'

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

/** Area of a script URL, first match wins. */
const AREAS: readonly [RegExp, string][] = [
  [/\/src\/api\/sigv4\.js/, 'Trent: SigV4 verify'],
  [/\/src\/api\/(validate|json-body|serialize)\.js|\/src\/api\/generated\//, 'Trent: JSON parse, validate, serialize'],
  [/\/src\/api\//, 'Trent: HTTP front, dispatch, response'],
  [/\/src\/(kms\/ciphertext|crypto\/)/, 'Trent: ciphertext and crypto'],
  [/\/src\/(kms|storage|keyring|auth)\//, 'Trent: key lookup, checks, storage'],
  [/\/src\//, 'Trent: other'],
  [/\/bench\//, 'floor handler'],
  [/node_modules\/(@pinojs\/|pino|sonic-boom|thread-stream|fast-redact|safe-stable-stringify|quick-format-unescaped|atomic-sleep)/, 'pino logging'],
  [/node_modules\/better-sqlite3/, 'better-sqlite3'],
  [/node:internal\/crypto|node:crypto/, 'node:crypto'],
  [/node:(_http|http|internal\/http|net|internal\/stream|internal\/streams|stream|internal\/net|events|internal\/process\/task_queues|internal\/async_hooks|internal\/timers|timers)/, 'node: http, net, streams, event loop'],
  [/node:/, 'node: other'],
]

const INHERITING = new Set(['pino logging', 'better-sqlite3'])

const areaOf = (url: string): string | undefined => (url === '' ? undefined : AREAS.find(([re]) => re.test(url))?.[1] ?? 'other JavaScript')

export interface ProfileSummary {
  /** Busy CPU time (idle excluded) in the window, µs. */
  busyUs: number
  requests: number
  byArea: Map<string, number>
  selfByFunction: Map<string, number>
  inclusiveByFunction: Map<string, number>
}

/** Window in the profile's clock (CLOCK_MONOTONIC µs, as process.hrtime in the orchestrator). */
export interface Window { fromUs: number; toUs: number }

export function readProfile(file: string, root: string, window: Window, requests: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  let t = profile.startTime
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    t += dt
    if (t >= window.fromUs && t <= window.toUs) self.set(id, (self.get(id) ?? 0) + dt)
  })
  const keyOf = (f: CallFrame): string =>
    `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.replace(`file://${root}/`, '').replace(/^file:\/\//, '')}:${f.lineNumber + 1}` : ''}`
  const s: ProfileSummary = { busyUs: 0, requests, byArea: new Map(), selfByFunction: new Map(), inclusiveByFunction: new Map() }
  const add = (m: Map<string, number>, k: string, v: number): void => { if (v) m.set(k, (m.get(k) ?? 0) + v) }
  // Depth-first; inclusive time is counted once per function along a path so recursion does not double it.
  const visit = (node: ProfileNode, parentArea: string, open: Set<string>): number => {
    const f = node.callFrame
    if (f.functionName === '(idle)') return 0
    // node internals called by the logger (its fs writes) or the database count as theirs
    const own = f.functionName.startsWith('(') && f.url === '' ? f.functionName : areaOf(f.url)
    const area = own === undefined || (f.url.startsWith('node:') && INHERITING.has(parentArea)) ? parentArea : own
    const key = keyOf(f)
    const selfUs = self.get(node.id) ?? 0
    add(s.selfByFunction, key, selfUs)
    add(s.byArea, area, selfUs)
    const fresh = !open.has(key)
    if (fresh) open.add(key)
    let sum = selfUs
    for (const c of node.children ?? []) sum += visit(byId.get(c)!, area, open)
    if (fresh) { open.delete(key); add(s.inclusiveByFunction, key, sum) }
    return sum
  }
  s.busyUs = visit(profile.nodes[0]!, '(root)', new Set())
  return s
}

const sorted = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true): [string, number][] =>
  [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n)
const code = (k: string): string => `\`${k.replace(/\|/g, '\\|')}\``

export function renderProfile(s: ProfileSummary, top = 20): string {
  const perReq = (us: number): string => (us / s.requests).toFixed(1)
  const pct = (us: number): string => `${((100 * us) / s.busyUs).toFixed(1)}%`
  const table = (head: string, rows: [string, number][]): string[] =>
    [`| ${head} | µs/request | share |`, '|---|---:|---:|', ...rows.map(([k, v]) => `| ${code(k)} | ${perReq(v)} | ${pct(v)} |`)]
  return [
    `${s.requests} requests in the window, ${(s.busyUs / 1e6).toFixed(2)} s busy CPU: **${perReq(s.busyUs)} µs of CPU per request**.`, '',
    '**By area** (native frames charged to their JavaScript caller):', '', ...table('area', sorted(s.byArea, 20)), '',
    `**Top ${top} functions by self time:**`, '', ...table('function', sorted(s.selfByFunction, top)), '',
    `**Trent's own functions by inclusive time** (top ${top}):`, '', ...table('function', sorted(s.inclusiveByFunction, top, (k) => / (dist\/)?src\//.test(k))),
  ].join('\n')
}

/** Per-request CPU by area, Trent next to floor B: where Trent's extra cost goes. */
export function renderDiff(trent: ProfileSummary, floorB: ProfileSummary): string {
  const areas = [...new Set([...trent.byArea.keys(), ...floorB.byArea.keys()])]
  const t = (a: string): number => (trent.byArea.get(a) ?? 0) / trent.requests
  const b = (a: string): number => (floorB.byArea.get(a) ?? 0) / floorB.requests
  const rows = areas.map((a) => [a, t(a), b(a)] as const).sort((x, y) => (y[1] - y[2]) - (x[1] - x[2]))
  const tt = trent.busyUs / trent.requests
  const bb = floorB.busyUs / floorB.requests
  return [
    '| area | Trent µs/req | floor B µs/req | Trent − B |', '|---|---:|---:|---:|',
    ...rows.filter(([, x, y]) => x + y >= 0.5).map(([a, x, y]) => `| ${a} | ${x.toFixed(1)} | ${y.toFixed(1)} | ${(x - y >= 0 ? '+' : '')}${(x - y).toFixed(1)} |`),
    `| **total** | **${tt.toFixed(1)}** | **${bb.toFixed(1)}** | **+${(tt - bb).toFixed(1)}** |`,
  ].join('\n')
}

/** Functions by self time per request, largest Trent − floor B difference first. */
export function renderFunctionDiff(trent: ProfileSummary, floorB: ProfileSummary, top = 25): string {
  const keys = [...new Set([...trent.selfByFunction.keys(), ...floorB.selfByFunction.keys()])]
  const rows = keys.map((k) => [k, (trent.selfByFunction.get(k) ?? 0) / trent.requests, (floorB.selfByFunction.get(k) ?? 0) / floorB.requests] as const)
    .sort((x, y) => (y[1] - y[2]) - (x[1] - x[2])).slice(0, top)
  return ['| function (self time) | Trent µs/req | floor B µs/req | Trent − B |', '|---|---:|---:|---:|',
    ...rows.map(([k, x, y]) => `| ${code(k)} | ${x.toFixed(1)} | ${y.toFixed(1)} | ${(x - y >= 0 ? '+' : '')}${(x - y).toFixed(1)} |`)].join('\n')
}
