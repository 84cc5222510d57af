/**
 * The asymmetric and HMAC phase (`--only asymmetric`, and part of the default run):
 *  1. closed loop, Trent vs floor C (bench/floor-c.ts), for Sign ECC_NIST_P256, Sign RSA_2048,
 *     Verify ECC_NIST_P256 and GenerateMac HMAC_256;
 *  2. the stall test, Trent only: Encrypt 32 B open loop at `rate` req/s alone, then while wrk drives
 *     RSA_4096 Sign in a closed loop, in interleaved rounds; once with Trent on core 0 (its crypto worker
 *     shares that core), once with Trent on cores 0,1 (sharing core 1 with the generators).
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { runOpenLoop, runWrk, type LoadResult } from './load.js'
import { ForeignLoad } from './noise.js'
import { closedLoop, createKey, preparePool, type Bench } from './phases.js'
import { sendRaw } from './raw-http.js'
import type { Results } from './report.js'
import { LOAD_CORE, SERVER_CORE, canPin, startFloor, startTrent, type ServerHandle } from './servers.js'
import { Presigner } from './sign.js'
import { readThreads, type ThreadSample } from './thread-cpu.js'
import { ASYM_CONNECTIONS, ASYM_KEYS, ASYM_WORKLOADS, POOL_SIZE, SIGN_RSA_4096, STALL_CONNECTIONS, WORKLOADS, type AsymKey, type Target } from './workloads.js'

export const STALL_ROUNDS = 3

export interface StallVariant { label: string; cores: string; reniced?: string; alone: LoadResult[]; loaded: LoadResult[]; rsa: LoadResult[] }
export interface AsymResults {
  /** Keyed by workload id. */
  closed: Map<string, { trent?: LoadResult; floor?: LoadResult }>
  stall: StallVariant[]
}

/** A signed CreateKey with the given spec; returns the key id. */
async function createSpecKey(port: number, input: Record<string, unknown>): Promise<string> {
  const signer = new Presigner(port)
  const created = await sendRaw(port, await signer.sign('CreateKey', { Description: 'bench', ...input }))
  signer.destroy()
  if (created.status !== 200) throw new Error(`CreateKey ${JSON.stringify(input)} failed: ${created.status} ${created.body.toString()}`)
  return (JSON.parse(created.body.toString()) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
}

async function createAsymKeys(port: number): Promise<Record<AsymKey, string>> {
  const out: Partial<Record<AsymKey, string>> = {}
  for (const [name, input] of Object.entries(ASYM_KEYS)) out[name as AsymKey] = await createSpecKey(port, input)
  return out as Record<AsymKey, string>
}

/** Signs POOL_SIZE 32 B messages with the P-256 key on `port`, so Verify has signatures that server accepts. */
async function makeSignatures(port: number, keyId: string): Promise<{ message: Uint8Array; signature: Uint8Array }[]> {
  const messages = Array.from({ length: POOL_SIZE }, () => randomBytes(32))
  const signer = new Presigner(port)
  const pool = await signer.signMany(POOL_SIZE, 'Sign', (i) => ({ KeyId: keyId, Message: messages[i], MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }))
  signer.destroy()
  const out: { message: Uint8Array; signature: Uint8Array }[] = []
  for (let i = 0; i < pool.length; i++) {
    const res = await sendRaw(port, pool[i]!)
    if (res.status !== 200) throw new Error(`Sign for Verify's pool failed: ${res.status} ${res.body.toString().slice(0, 300)}`)
    out.push({ message: messages[i]!, signature: Buffer.from((JSON.parse(res.body.toString()) as { Signature: string }).Signature, 'base64') })
  }
  return out
}

export async function measureAsymmetric(b: Bench, results: Results, stallVariants: boolean): Promise<void> {
  const asym: AsymResults = { closed: new Map(), stall: [] }
  results.asym = asym
  const set = (id: string, k: 'trent' | 'floor', r: LoadResult): void => { asym.closed.set(id, { ...asym.closed.get(id), [k]: r }) }

  b.progress(`Asymmetric and HMAC: Trent (log level ${b.logLevel})`)
  let keys: Record<AsymKey, string>
  const trent = await startTrent({ root: b.root, dataDir: join(b.tmp, 'trent-asym'), logLevel: b.logLevel, logFile: join(b.tmp, 'trent-asym.log') })
  results.meta.commands.push(server(trent))
  try {
    keys = await createAsymKeys(trent.port)
    const target: Target = { keyId: keys.p256, ciphertexts: [], keys, signed: await makeSignatures(trent.port, keys.p256) }
    for (const w of ASYM_WORKLOADS) set(w.id, 'trent', (await closedLoop(b, trent, target, w, ASYM_CONNECTIONS)).result)
  } finally {
    await trent.stop()
  }

  b.progress('Asymmetric and HMAC: floor C')
  const keyArg = Object.entries(keys).map(([k, v]) => `${k}=${v}`).join(',')
  const floor = await startFloor(b.root, 'floor-c', ['--keys', keyArg], join(b.tmp, 'floor-c.log'))
  results.meta.commands.push(floor.command.replace(keyArg, '<name=Trent key id,...>'))
  try {
    const target: Target = { keyId: keys.p256, ciphertexts: [], keys, signed: await makeSignatures(floor.port, keys.p256) }
    for (const w of ASYM_WORKLOADS) set(w.id, 'floor', (await closedLoop(b, floor, target, w, ASYM_CONNECTIONS)).result)
  } finally {
    await floor.stop()
  }

  const variants: [string, string, boolean][] = [['Trent on core 0', String(SERVER_CORE), false]]
  if (stallVariants && canPin) {
    variants.push(['Trent on core 0, crypto worker thread reniced to 19 by the bench (diagnostic)', String(SERVER_CORE), true])
    variants.push(['Trent on cores 0,1', `${SERVER_CORE},${LOAD_CORE}`, false])
  }
  for (const [label, cores, renice] of variants) asym.stall.push(await stallTest(b, label, cores, renice))
}

/** The threads of `pid` (Linux /proc) by thread id; empty where /proc cannot be read. */
function threadsById(pid: number): Map<number, ThreadSample> {
  return new Map((readThreads(pid) ?? []).map((t) => [t.tid, t]))
}

/**
 * Diagnostic only (Trent is not changed): lowers the priority of the thread that did the RSA work, i.e.
 * the non-main thread whose CPU grew most over the RSA warm-up, with `renice -n 19` on its thread id.
 */
function reniceBusiestThread(pid: number, before: Map<number, ThreadSample>): string {
  let best: { thread: ThreadSample; grew: number } | undefined
  for (const thread of threadsById(pid).values()) {
    if (thread.tid === pid) continue
    const grew = thread.ticks - (before.get(thread.tid)?.ticks ?? 0)
    if (!best || grew > best.grew) best = { thread, grew }
  }
  if (!best) return 'no thread found'
  const r = spawnSync('renice', ['-n', '19', '-p', String(best.thread.tid)], { encoding: 'utf8' })
  return r.status === 0 ? `thread ${best.thread.tid} (${best.thread.name}, ${best.grew} ticks in the warm-up)` : `renice failed: ${r.stderr}`
}

function server(s: ServerHandle): string { return s.command }

/** Encrypt 32 B open loop alone and under an RSA_4096 Sign closed loop, in STALL_ROUNDS interleaved rounds. */
async function stallTest(b: Bench, label: string, cores: string, renice: boolean): Promise<StallVariant> {
  b.progress(`Stall test (${label}): Encrypt 32 B at ${b.rate} req/s alone / with RSA_4096 Sign @${STALL_CONNECTIONS}, ${STALL_ROUNDS} rounds`)
  const v: StallVariant = { label, cores, alone: [], loaded: [], rsa: [] }
  // A fresh data dir per variant.
  const trent = await startTrent({ root: b.root, dataDir: join(b.tmp, `trent-stall-${cores}-${renice}`), logLevel: b.logLevel, logFile: join(b.tmp, `trent-stall-${cores}-${renice}.log`), cores })
  try {
    const rsa4096 = await createSpecKey(trent.port, ASYM_KEYS.rsa4096)
    const target: Target = { keyId: await createKey(trent.port), ciphertexts: [], keys: { rsa4096 } }
    const encrypt = WORKLOADS.find((x) => x.id === 'encrypt-32')!
    const open = { root: b.root, port: trent.port, rate: b.rate, seconds: b.openSeconds, warmup: 1, connections: b.openConnections }
    // Warm both paths (JIT, worker) before the first round.
    const warmEnc = (await preparePool(b, trent, target, encrypt, `stall-warm-enc-${cores}`)).file
    const warmRsa = (await preparePool(b, trent, target, SIGN_RSA_4096, `stall-warm-rsa-${cores}`)).file
    await runWrk({ root: b.root, port: trent.port, poolFile: warmEnc, connections: 16, seconds: b.warmup })
    const ticks = threadsById(trent.pid)
    await runWrk({ root: b.root, port: trent.port, poolFile: warmRsa, connections: STALL_CONNECTIONS, seconds: b.warmup })
    if (renice) {
      v.reniced = reniceBusiestThread(trent.pid, ticks)
      b.progress(`  reniced ${v.reniced}`)
    }
    for (let round = 1; round <= STALL_ROUNDS; round++) {
      // Fresh pools per round keep every request inside SigV4's 5-minute window.
      const encPool = (await preparePool(b, trent, target, encrypt, `stall-enc-${cores}-${round}`)).file
      const rsaPool = (await preparePool(b, trent, target, SIGN_RSA_4096, `stall-rsa-${cores}-${round}`)).file

      await b.quiet.wait(5_000)
      let foreign = new ForeignLoad([SERVER_CORE, LOAD_CORE], trent.pid)
      const alone = await runOpenLoop({ ...open, poolFile: encPool })
      alone.foreign = foreign.stop()
      v.alone.push(alone)

      await b.quiet.wait(5_000)
      foreign = new ForeignLoad([SERVER_CORE, LOAD_CORE], trent.pid)
      // The RSA load starts 1 s before the open loop (whose own 1 s warm-up follows) and ends after it.
      const rsaRun = runWrk({ root: b.root, port: trent.port, poolFile: rsaPool, connections: STALL_CONNECTIONS, seconds: b.openSeconds + 3 })
      await sleep(1000)
      const loaded = await runOpenLoop({ ...open, poolFile: encPool })
      const rsa = await rsaRun
      loaded.foreign = foreign.stop()
      v.loaded.push(loaded)
      v.rsa.push(rsa)
      b.progress(`  round ${round}: alone p50 ${alone.p50Ms} p99 ${alone.p99Ms} ms; with RSA_4096 load p50 ${loaded.p50Ms} p99 ${loaded.p99Ms} ms ` +
        `(${loaded.rps} req/s achieved${loaded.errors ? `, ERRORS ${loaded.errors}` : ''}); RSA_4096 Sign ${rsa.rps} req/s p99 ${rsa.p99Ms.toFixed(1)} ms${rsa.errors ? ` ERRORS ${rsa.errors}` : ''}`)
    }
  } finally {
    await trent.stop()
  }
  return v
}
