/**
 * `npm run bench -- --profile`: runs Trent, then floor B, under `node --cpu-prof` through one symmetric
 * workload (Encrypt 32 B at 64 connections unless `--workload` and `--connections` say otherwise), and
 * reports CPU per request over the measured window only (start-up, pool signing and warm-up excluded),
 * with a Trent-vs-floor-B diff by area. The raw .cpuprofile files are copied to bench/out/ (open them in
 * Chrome DevTools or speedscope).
 */
import { copyFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { runWrk } from './load.js'
import { createKey, FLOOR_KEY_ID, makeCiphertexts, preparePool, type Bench } from './phases.js'
import { readProfile, renderDiff, renderFunctionDiff, renderProfile, type ProfileSummary } from './profile.js'
import { startFloor, startTrent, type ServerHandle } from './servers.js'
import type { Workload } from './workloads.js'

const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n)

interface Profiled { name: string; command: string; rps: number; summary: ProfileSummary }

async function profileOne(
  b: Bench, w: Workload, connections: number, name: string, start: (nodeArgs: string[]) => Promise<ServerHandle>, keyId?: string,
): Promise<Profiled> {
  const dir = join(b.tmp, `prof-${name}`)
  const server = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`])
  let window = { fromUs: 0, toUs: 0 }
  let measured
  try {
    const key = keyId ?? await createKey(server.port)
    const target = { keyId: key, ciphertexts: w.id === 'decrypt' ? await makeCiphertexts(server.port, key) : [] }
    const { file } = await preparePool(b, server, target, w, `prof-${name}`)
    const run = { root: b.root, port: server.port, poolFile: file, connections }
    await b.quiet.wait(10_000)
    await runWrk({ ...run, seconds: b.warmup })
    const fromUs = monotonicUs()
    measured = await runWrk({ ...run, seconds: b.seconds })
    window = { fromUs, toUs: monotonicUs() }
    b.progress(`  ${server.name} under --cpu-prof: ${measured.rps} req/s`)
  } finally {
    await server.stop()
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) throw new Error(`${name} wrote no .cpuprofile in ${dir}`)
  copyFileSync(join(dir, file), join(b.root, 'bench/out', `${name}.cpuprofile`))
  return { name: server.name, command: server.command, rps: measured.rps, summary: readProfile(join(dir, file), b.root, window, measured.requests) }
}

/** `w` is one of workloads.ts's WORKLOADS, the symmetric ones floor B serves (run.ts checks the option). */
export async function runProfiles(b: Bench, w: Workload, connections: number): Promise<string> {
  b.progress(`Profiling Trent and floor B (node --cpu-prof): ${w.label} at ${connections} connections`)
  const trent = await profileOne(b, w, connections, 'trent', (nodeArgs) => startTrent({ root: b.root, dataDir: join(b.tmp, 'trent-prof'), logLevel: b.logLevel, logFile: join(b.tmp, 'trent-prof.log'), nodeArgs }))
  const floorB = await profileOne(b, w, connections, 'floor-b', (nodeArgs) => startFloor(b.root, 'floor-b', [], join(b.tmp, 'floor-b-prof.log'), nodeArgs), FLOOR_KEY_ID)
  const section = (p: Profiled): string => [
    `## ${p.name}: ${w.label}, ${connections} connections, ${p.rps} req/s under the profiler`, '',
    `Command: \`${p.command}\`; profile: bench/out/${p.name === 'Trent' ? 'trent' : 'floor-b'}.cpuprofile`, '', renderProfile(p.summary),
  ].join('\n')
  return [
    `# CPU profiles (${new Date().toISOString()}, Trent log level ${b.logLevel}, ${b.seconds} s measured window)`, '',
    '## Where Trent spends more CPU per request than floor B', '', renderDiff(trent.summary, floorB.summary), '',
    '## Functions with the largest extra self time in Trent', '', renderFunctionDiff(trent.summary, floorB.summary), '',
    section(trent), '', section(floorB),
  ].join('\n')
}
