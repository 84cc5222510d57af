/**
 * The closed-loop phases: build and check each workload's pool of signed requests right before its runs,
 * and run wrk (warm-up, then measured) at each connection count. Trent and floors B and D run interleaved
 * by cell (measureSymmetric); floor A and Trent at another log level run in phases of their own. Only one
 * server is under load at a time. (The open-loop phase is in open-phase.ts.)
 */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { auditRun, readCounters } from './audit-counters.js'
import { runWrk, type LoadResult } from './load.js'
import { sendRaw, writePool, type RawResponse } from './raw-http.js'
import type { Results, ServerKey } from './report.js'
import { ForeignLoad, type QuietGate } from './noise.js'
import { LOAD_CORE, SERVER_CORE, startFloor, startTrent, type ServerHandle } from './servers.js'
import { Presigner } from './sign.js'
import { cpuPerRequest, sampleThreads } from './thread-cpu.js'
import { CONNECTIONS, POOL_SIZE, WORKLOADS, type Target, type Workload } from './workloads.js'

export interface Bench {
  root: string
  tmp: string
  /** Measured seconds of each closed-loop run, and of each open-loop run. */
  seconds: number
  /** Interleaved rounds per cell of Trent and floors B and D (measureSymmetric); the round with the median Trent/B ratio is reported. */
  closedRounds: number
  openSeconds: number
  warmup: number
  logLevel: string
  rate: number
  openConnections: number
  /** Budget for waiting on, and repeating runs for, a quiet machine. */
  quiet: QuietGate
  progress(line: string): void
}

/** Signs a fresh pool for `w` against `server`, writes it, and checks that its first request succeeds. */
export async function preparePool(
  b: Bench, server: ServerHandle, target: Target, w: Workload, tag: string, credentials?: ConstructorParameters<typeof Presigner>[1],
): Promise<{ file: string; sample: RawResponse }> {
  const signer = new Presigner(server.port, credentials)
  const pool = await signer.signMany(POOL_SIZE, w.op, (i) => w.input(target, i))
  signer.destroy()
  const file = join(b.tmp, `${tag}.pool`)
  writePool(file, pool)
  const sample = await sendRaw(server.port, pool[0]!)
  if (sample.status !== 200) throw new Error(`${server.name} ${w.label}: status ${sample.status}: ${sample.body.toString().slice(0, 300)}`)
  return { file, sample }
}

/** How much foreign CPU (share of one core, over both cores) makes a run be repeated, and how often. */
const CLOSED_GUARD = { noisy: 0.1, attempts: 2 }

/** Runs `measure` on a quiet machine if possible, recording foreign load; repeats noisy runs, keeps the quietest. */
async function guarded(b: Bench, server: ServerHandle, guard: { noisy: number; attempts: number }, measure: () => Promise<LoadResult>): Promise<LoadResult> {
  let result: LoadResult | undefined
  for (let attempt = 0; attempt < guard.attempts; attempt++) {
    if (attempt > 0 && !b.quiet.canRepeat) break
    await b.quiet.wait(attempt === 0 ? 10_000 : 20_000)
    const started = Date.now()
    const foreign = new ForeignLoad([SERVER_CORE, LOAD_CORE], server.pid)
    const r = await measure()
    r.foreign = foreign.stop()
    if (attempt > 0) b.quiet.charge(Date.now() - started)
    if (!result || (r.foreign ?? 0) < (result.foreign ?? 0)) result = r
    if ((r.foreign ?? 0) < guard.noisy) break
    if (attempt + 1 < guard.attempts && b.quiet.canRepeat) b.progress(`    ${Math.round((r.foreign ?? 0) * 100)}% of a core went to other processes; repeating`)
  }
  return result!
}

const noiseNote = (r: LoadResult): string => (r.foreign !== undefined && r.foreign >= 0.02 ? `  (noise ${Math.round(r.foreign * 100)}%)` : '')

export async function closedLoop(b: Bench, server: ServerHandle, target: Target, w: Workload, connections: number): Promise<{ result: LoadResult; sample: RawResponse }> {
  const { file, sample } = await preparePool(b, server, target, w, `${server.port}-${w.id}-${connections}`)
  const run = { root: b.root, port: server.port, poolFile: file, connections }
  const result = await guarded(b, server, CLOSED_GUARD, async () => {
    await runWrk({ ...run, seconds: b.warmup })
    const before = sampleThreads(server.pid)
    const r = await runWrk({ ...run, seconds: b.seconds })
    const after = sampleThreads(server.pid)
    if (before && after) r.threadUs = cpuPerRequest(before, after, r.requests)
    return r
  })
  b.progress(`  ${server.name.padEnd(8)} ${w.label.padEnd(24)} c=${String(connections).padEnd(3)} ${String(result.rps).padStart(6)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${result.errors ? `  ERRORS ${result.errors}` : ''}${noiseNote(result)}`)
  return { result, sample }
}

/** Encrypts 32 B plaintexts on `port` so that Decrypt has ciphertexts this server can open. */
export async function makeCiphertexts(port: number, keyId: string): Promise<Uint8Array[]> {
  const signer = new Presigner(port)
  const pool = await signer.signMany(POOL_SIZE, 'Encrypt', () => ({ KeyId: keyId, Plaintext: randomBytes(32) }))
  signer.destroy()
  const out: Uint8Array[] = []
  for (const req of pool) {
    const res = await sendRaw(port, req)
    if (res.status !== 200) throw new Error(`Encrypt for Decrypt's pool failed: ${res.status} ${res.body.toString().slice(0, 300)}`)
    out.push(Buffer.from((JSON.parse(res.body.toString()) as { CiphertextBlob: string }).CiphertextBlob, 'base64'))
  }
  return out
}

function record(results: Results, key: ServerKey, w: Workload, c: number, r: LoadResult): void {
  const id = `${w.id}/${c}`
  results.closed.set(id, { ...results.closed.get(id), [key]: r })
}

/** A signed CreateKey; returns the new key's id. */
export async function createKey(port: number): Promise<string> {
  const signer = new Presigner(port)
  const created = await sendRaw(port, await signer.sign('CreateKey', { Description: 'bench' }))
  signer.destroy()
  if (created.status !== 200) throw new Error(`CreateKey failed: ${created.status} ${created.body.toString()}`)
  return (JSON.parse(created.body.toString()) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
}

/** What the floors reuse from Trent's phase: its key id and ciphertexts, and its response body per workload. */
export interface TrentPhase { target: Target; bodies: Map<string, Buffer> }

/**
 * Trent and floors B and D over every workload, interleaved by cell: each workload and connection count
 * runs on Trent, then floor B, then floor D, `closedRounds` times, before the next, and the round with the
 * median Trent/floor B ratio is reported. All three stay up (idle, on core 0), and only one is under load
 * at a time. A slow spell of the host thus falls on a cell's runs together, not on one server's whole
 * phase (in one run with a phase per server, Trent's event loop spent 210 µs per Encrypt 32 B over its
 * first 80 s, against 100-125 µs minutes before and after), and a spell that hits a single run is outvoted
 * (bench/RESULTS.md).
 */
export async function measureSymmetric(b: Bench, results: Results): Promise<TrentPhase> {
  b.progress('Trent, floor B and floor D, interleaved by workload and connection count')
  const trent = await startTrent({ root: b.root, dataDir: join(b.tmp, `trent-${b.logLevel}`), logLevel: b.logLevel, logFile: join(b.tmp, `trent-${b.logLevel}.log`) })
  const servers = [trent]
  try {
    results.meta.commands.push(trent.command)
    const keyId = await createKey(trent.port)
    const target: Target = { keyId, ciphertexts: await makeCiphertexts(trent.port, keyId) }
    const floors: { key: 'b' | 'd'; server: ServerHandle; target: Target }[] = []
    for (const key of ['b', 'd'] as const) {
      const server = await startSymmetricFloor(b, key)
      servers.push(server)
      results.meta.commands.push(server.command.replace(b.tmp, '<tmp>'))
      // Same KeyId string as Trent's so the requests are byte-for-byte the same size; the floors ignore it.
      floors.push({ key, server, target: { keyId, ciphertexts: await makeCiphertexts(server.port, keyId) } })
    }
    const bodies = new Map<string, Buffer>()
    for (const w of WORKLOADS) {
      for (const c of CONNECTIONS) {
        const before = await readCounters(trent.port)
        const runs: Record<'trent' | 'b' | 'd', LoadResult[]> = { trent: [], b: [], d: [] }
        for (let round = 0; round < b.closedRounds; round++) {
          const { result, sample } = await closedLoop(b, trent, target, w, c)
          runs.trent.push(result)
          bodies.set(w.id, sample.body)
          for (const f of floors) runs[f.key].push((await closedLoop(b, f.server, f.target, w, c)).result)
        }
        const median = medianRound(runs)
        // The store's counters span every round; records per flush is their ratio.
        results.audit.push(auditRun(w.label, c, runs.trent[median]!, before, await readCounters(trent.port)))
        for (const key of ['trent', 'b', 'd'] as const) record(results, key, w, c, runs[key][median]!)
      }
    }
    return { target, bodies }
  } finally {
    for (const server of servers) await server.stop()
  }
}

/**
 * The round whose Trent/floor B ratio is the median (the lower middle one for an even count). All three
 * servers are reported from that round, so every ratio in the report compares runs made back to back.
 */
function medianRound(runs: Record<'trent' | 'b', readonly LoadResult[]>): number {
  const rounds = runs.trent.map((_, i) => i)
  rounds.sort((x, y) => runs.trent[x]!.rps / runs.b[x]!.rps - runs.trent[y]!.rps / runs.b[y]!.rps)
  return rounds[Math.floor((rounds.length - 1) / 2)]!
}

/** Trent alone (the real `trent server`) at one log level, over all workloads or `only` some: `--info`'s extra phase. */
export async function measureTrent(b: Bench, results: Results, logLevel: string, key: ServerKey, only?: string[]): Promise<TrentPhase> {
  b.progress(`Trent (log level ${logLevel})`)
  const dataDir = join(b.tmp, `trent-${logLevel}`)
  const server = await startTrent({ root: b.root, dataDir, logLevel, logFile: join(b.tmp, `trent-${logLevel}.log`) })
  results.meta.commands.push(server.command)
  const bodies = new Map<string, Buffer>()
  try {
    const keyId = await createKey(server.port)
    const target: Target = { keyId, ciphertexts: only && !only.includes('decrypt') ? [] : await makeCiphertexts(server.port, keyId) }
    for (const w of WORKLOADS.filter((x) => !only || only.includes(x.id))) {
      for (const c of CONNECTIONS) {
        const { result, sample } = await closedLoop(b, server, target, w, c)
        record(results, key, w, c, result)
        bodies.set(w.id, sample.body)
      }
    }
    return { target, bodies }
  } finally {
    await server.stop()
  }
}

/** Floor B, or floor D with its journal in the bench's temporary directory (the disk Trent's store is on). */
export function startSymmetricFloor(b: Bench, key: 'b' | 'd'): Promise<ServerHandle> {
  return key === 'b'
    ? startFloor(b.root, 'floor-b', [], join(b.tmp, 'floor-b.log'))
    : startFloor(b.root, 'floor-d', ['--journal', join(b.tmp, `floor-d-${Date.now()}.journal`)], join(b.tmp, 'floor-d.log'))
}

/** The KeyId in the floors' request pools: floors B and D hold one key in memory and ignore the request's KeyId. */
export const FLOOR_KEY_ID = '00000000-0000-4000-8000-000000000000'

export const SYMMETRIC_SERVERS = ['Trent', 'Floor B', 'Floor D'] as const

/**
 * Starts Trent (its data directory named after `tag`), floor B or floor D for a tool that runs them one at a
 * time (--only instructions, --only perf), with the key id its Encrypt pool names: a key made on Trent, any on a floor.
 */
export async function startSymmetricServer(b: Bench, name: typeof SYMMETRIC_SERVERS[number], tag: string): Promise<{ server: ServerHandle; keyId: string }> {
  if (name !== 'Trent') return { server: await startSymmetricFloor(b, name === 'Floor B' ? 'b' : 'd'), keyId: FLOOR_KEY_ID }
  const server = await startTrent({ root: b.root, dataDir: join(b.tmp, `trent-${tag}`), logLevel: b.logLevel, logFile: join(b.tmp, `trent-${tag}.log`) })
  try {
    return { server, keyId: await createKey(server.port) }
  } catch (err) {
    await server.stop()
    throw err
  }
}

/** Floor A, restarted per workload with a body the size of Trent's response to that workload. */
export async function measureFloorA(b: Bench, results: Results, trent: TrentPhase): Promise<void> {
  b.progress('Floor A')
  const { target, bodies: trentBodies } = trent
  for (const w of WORKLOADS) {
    const bodyFile = join(b.tmp, `floor-a-${w.id}.json`)
    writeFileSync(bodyFile, trentBodies.get(w.id) ?? '{}')
    const server = await startFloor(b.root, 'floor-a', ['--body', bodyFile], join(b.tmp, 'floor-a.log'))
    if (w.id === 'encrypt-32') results.meta.commands.push(server.command.replace(bodyFile, '<Trent response body file>'))
    try {
      for (const c of CONNECTIONS) record(results, 'a', w, c, (await closedLoop(b, server, target, w, c)).result)
    } finally {
      await server.stop()
    }
  }
}
