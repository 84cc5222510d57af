/**
 * The fixed-offered-load phase: Encrypt 32 B at `rate` requests/s against Trent, floors B and D, and floor A.
 * One quiet-looking run can still be hit by a burst of other work on a shared machine, and a single
 * 100 ms stall decides a p99, so the servers are measured in interleaved rounds (T, B, D, A, T, B, D,
 * A, ...) and the report takes each server's median. All the processes stay up (idle, on core 0)
 * during the phase, but only one is under load at a time.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runOpenLoop, runWrk } from './load.js'
import { ForeignLoad } from './noise.js'
import { createKey, preparePool, startSymmetricFloor, type Bench, type TrentPhase } from './phases.js'
import type { Results, ServerKey } from './report.js'
import { LOAD_CORE, SERVER_CORE, startFloor, startTrent, type ServerHandle } from './servers.js'
import { WORKLOADS, type Target } from './workloads.js'

export const ROUNDS = 3

export async function measureOpenLoop(b: Bench, results: Results, trent: TrentPhase): Promise<void> {
  b.progress(`Open loop: Encrypt 32 B at ${b.rate} req/s, ${ROUNDS} interleaved rounds`)
  const w = WORKLOADS.find((x) => x.id === 'encrypt-32')!
  const bodyFile = join(b.tmp, 'floor-a-open.json')
  writeFileSync(bodyFile, trent.bodies.get(w.id) ?? '{}')
  const servers: { key: ServerKey; server: ServerHandle; target: Target; pool?: string }[] = []
  try {
    const t = await startTrent({ root: b.root, dataDir: join(b.tmp, 'trent-open'), logLevel: b.logLevel, logFile: join(b.tmp, 'trent-open.log') })
    servers.push({ key: 'trent', server: t, target: { keyId: await createKey(t.port), ciphertexts: [] } })
    servers.push({ key: 'b', server: await startSymmetricFloor(b, 'b'), target: trent.target })
    servers.push({ key: 'd', server: await startSymmetricFloor(b, 'd'), target: trent.target })
    servers.push({ key: 'a', server: await startFloor(b.root, 'floor-a', ['--body', bodyFile], join(b.tmp, 'floor-a-open.log')), target: trent.target })
    // One pool per server (the whole phase stays well inside SigV4's 5 minutes), and a short
    // closed-loop warm-up so the first round does not measure the JIT.
    for (const s of servers) {
      s.pool = (await preparePool(b, s.server, s.target, w, `open-${s.key}`)).file
      await runWrk({ root: b.root, port: s.server.port, poolFile: s.pool, connections: 16, seconds: b.warmup })
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of servers) {
        await b.quiet.wait(5_000)
        const foreign = new ForeignLoad([SERVER_CORE, LOAD_CORE], s.server.pid)
        const r = await runOpenLoop({ root: b.root, port: s.server.port, poolFile: s.pool!, rate: b.rate, seconds: b.openSeconds, warmup: 1, connections: b.openConnections })
        r.foreign = foreign.stop()
        ;(results.open[s.key] ??= []).push(r)
        b.progress(`  round ${round} ${s.server.name.padEnd(8)} p50 ${r.p50Ms} p99 ${r.p99Ms} p99.9 ${r.p999Ms} ms${r.errors ? `  ERRORS ${r.errors}` : ''}` +
          `${r.foreign !== undefined && r.foreign >= 0.02 ? `  (noise ${Math.round(r.foreign * 100)}%)` : ''}`)
      }
    }
  } finally {
    for (const s of servers) await s.server.stop()
  }
}
