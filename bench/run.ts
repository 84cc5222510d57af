/**
 * `npm run bench`: Trent against the physical limit of its own stack, in one run. Drives, one at a
 * time, Trent (the real `trent server`), floor B (SigV4 + the same cryptography, nothing else), floor D
 * (floor B + a durable record per call) and floor A (HTTP alone), each pinned to core 0, with wrk and
 * the open-loop generator on core 1.
 * Writes the report to stdout and bench/out/latest.md. See bench/RESULTS.md.
 *
 *   npm run bench                      full run (~10 min, estimated: the symmetric part alone took 7.6 min)
 *   npm run bench -- --quick           3 s runs, a smoke check (~4 min)
 *   npm run bench -- --only asymmetric Sign/Verify/GenerateMac vs floor C and the RSA_4096 stall test, with its
 *                                      extra variants (worker thread reniced; Trent on cores 0,1) (~4.5 min)
 *   npm run bench -- --stall-variants  the full run plus those stall-test variants
 *   npm run bench -- --only symmetric  the symmetric workloads only (the pre-asymmetric bench)
 *   npm run bench -- --only postgres   opt-in: Encrypt and CreateKey on SQLite vs PostgreSQL, two PostgreSQL nodes vs one
 *                                      (needs PostgreSQL at TRENT_TEST_DATABASE_URL; ~1.5 min; bench/out/postgres.md)
 *   npm run bench -- --only authz      Encrypt under a realistic 10-statement key policy vs the default policy (~1.5 min; bench/out/authz.md)
 *   npm run bench -- --only instructions  Trent, floors B and D under valgrind's callgrind: instructions per Encrypt,
 *                                      split by GC, JSON, SHA-256, SQLite, JIT code (~2.5 min, needs valgrind; bench/out/instructions.md)
 *   npm run bench -- --only perf       Trent, floors B and D under Linux perf: CPU per Encrypt 32 B by thread and by what ran,
 *                                      kernel included (fsync, writes, other syscalls), closed and open loop (~2 min, needs perf
 *                                      and root; bench/out/perf.md)
 *   npm run bench -- --info            also Trent at TRENT_LOG_LEVEL=info for Encrypt 32 B (+~30 s)
 *   npm run bench -- --profile         CPU profiles of Trent and floor B under Encrypt 32 B @64 (~1 min);
 *                                      --workload ID (encrypt-4k, decrypt, gdk) and --connections N profile another load
 *   npm run bench -- --nice=-10        servers and load generators at a higher priority (root), for a shared machine
 *   options: --seconds N (closed loop, default 8) --open-seconds N (per round, default 5) --warmup N (default 2) --log-level L (Trent's, default warn) --rate R --open-connections N
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openLoopArgv, wrkArgv } from './load.js'
import { QuietGate } from './noise.js'
import { measureAsymmetric } from './asym-phase.js'
import { measureAuthz, renderAuthz } from './authz-phase.js'
import { measureInstructions, renderInstructions, valgrindMissing } from './instructions.js'
import { measureKernelTime, perfMissing, renderKernelTime } from './kernel-time.js'
import { measureOpenLoop, ROUNDS } from './open-phase.js'
import { runProfiles } from './profile-run.js'
import { renderReport, type Results } from './report.js'
import { measurePostgres, renderPostgres } from './pg-phase.js'
import { measureFloorA, measureSymmetric, measureTrent, type Bench } from './phases.js'
import { canPin, LOAD_CORE, pinned, placement } from './servers.js'
import { POOL_SIZE, WORKLOADS } from './workloads.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const argv = process.argv.slice(2)
const { values } = parseArgs({
  args: argv,
  options: {
    quick: { type: 'boolean', default: false }, profile: { type: 'boolean', default: false },
    seconds: { type: 'string' }, 'open-seconds': { type: 'string' }, warmup: { type: 'string' }, 'log-level': { type: 'string', default: 'warn' },
    'closed-rounds': { type: 'string' },
    nice: { type: 'string', default: '0' }, rate: { type: 'string', default: '2000' }, 'open-connections': { type: 'string', default: '32' },
    info: { type: 'boolean', default: false },
    only: { type: 'string' }, 'stall-variants': { type: 'boolean' },
    workload: { type: 'string', default: 'encrypt-32' }, connections: { type: 'string', default: '64' },
  },
})

if (spawnSync('wrk', ['--version']).error) {
  process.stderr.write('bench: wrk is not installed. On Debian/Ubuntu: apt-get install -y wrk\n')
  process.exit(2)
}
if (values.only !== undefined && !['asymmetric', 'symmetric', 'postgres', 'authz', 'instructions', 'perf'].includes(values.only)) {
  process.stderr.write(`bench: --only takes 'asymmetric', 'symmetric', 'postgres', 'authz', 'instructions' or 'perf', not '${values.only}'\n`)
  process.exit(2)
}
const profiled = WORKLOADS.find((w) => w.id === values.workload)
if (values.profile && (!profiled || !(Number(values.connections) >= 1))) {
  process.stderr.write(`bench: --profile takes --workload ${WORKLOADS.map((w) => w.id).join('|')} and --connections N (N >= 1)\n`)
  process.exit(2)
}
if (values.only === 'instructions' && valgrindMissing()) {
  process.stderr.write('bench: --only instructions needs valgrind. On Debian/Ubuntu: apt-get install -y valgrind\n')
  process.exit(2)
}
if (values.only === 'perf' && perfMissing()) {
  process.stderr.write('bench: --only perf needs Linux perf. On Debian: apt-get install -y linux-perf\n')
  process.exit(2)
}
const closedRounds = Number(values['closed-rounds'] ?? (values.quick ? 1 : 3))
if (!Number.isInteger(closedRounds) || closedRounds < 1) {
  process.stderr.write(`bench: --closed-rounds takes a whole number of rounds, at least 1, not '${values['closed-rounds']}'\n`)
  process.exit(2)
}
const doSymmetric = values.only !== 'asymmetric'
const doAsymmetric = values.only !== 'symmetric'
placement.nice = Number(values.nice)
if (!canPin) process.stderr.write('bench: taskset or a second core is missing; running unpinned, numbers will be noisy\n')
// The orchestrator itself sits on the load core so that it never competes with the server.
if (canPin) spawnSync('taskset', ['-cp', String(LOAD_CORE), String(process.pid)])

const tmp = mkdtempSync(join(tmpdir(), 'trent-bench-'))
const outDir = join(root, 'bench/out')
mkdirSync(outDir, { recursive: true })
const progress = (line: string): void => { process.stderr.write(`${line}\n`) }
const bench: Bench = {
  root, tmp,
  seconds: Number(values.seconds ?? (values.quick ? 3 : 8)),
  closedRounds,
  openSeconds: Number(values['open-seconds'] ?? (values.quick ? 2 : 5)),
  warmup: Number(values.warmup ?? (values.quick ? 1 : 2)),
  logLevel: values['log-level']!,
  rate: Number(values.rate),
  openConnections: Number(values['open-connections']),
  progress,
  quiet: new QuietGate(values.quick ? 10_000 : 60_000, progress),
}
const started = Date.now()

/** The commit measured, marked dirty when src/ has uncommitted changes (others may be editing it). */
function revision(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'unknown'
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== ''
  return dirty ? `${head} + uncommitted changes in src/` : head
}

/** The header facts of a single-phase report (--only postgres, --only authz). */
function phaseMeta() {
  return {
    date: new Date().toISOString(), revision: revision(), machine: `nproc ${cpus().length} (${cpus()[0]?.model ?? 'unknown CPU'})`,
    command: `npm run bench -- ${argv.join(' ')}`, seconds: bench.seconds,
  }
}

/** Writes a single-phase report to bench/out/<file> and stdout. */
function report(file: string, md: string): void {
  writeFileSync(join(outDir, file), md)
  process.stdout.write(`${md}\n(written to bench/out/${file}; took ${Math.round((Date.now() - started) / 1000)} s)\n`)
}

try {
  if (values.only === 'postgres') {
    const { results, commands } = await measurePostgres(bench)
    report('postgres.md', renderPostgres(results, phaseMeta(), commands))
  } else if (values.only === 'instructions') {
    const { counts, command } = await measureInstructions(bench)
    report('instructions.md', renderInstructions(counts, phaseMeta(), command))
  } else if (values.only === 'perf') {
    const { times, command } = await measureKernelTime(bench)
    report('perf.md', renderKernelTime(times, phaseMeta(), command))
  } else if (values.only === 'authz') {
    const { results, command } = await measureAuthz(bench)
    report('authz.md', renderAuthz(results, phaseMeta(), command))
  } else if (values.profile) {
    const md = (await runProfiles(bench, profiled!, Number(values.connections))).replace('\n', `\n\nTrent at ${revision()}.\n`)
    writeFileSync(join(outDir, 'profile.md'), md)
    process.stdout.write(`${md}\n\n(written to bench/out/profile.md)\n`)
  } else {
    const results: Results = {
      closed: new Map(), open: {}, audit: [],
      meta: {
        date: new Date().toISOString(), node: process.version, revision: revision(),
        machine: `nproc ${cpus().length} (${cpus()[0]?.model ?? 'unknown CPU'})`,
        command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`, nice: placement.nice, logLevel: bench.logLevel,
        seconds: bench.seconds, closedRounds: bench.closedRounds, openSeconds: bench.openSeconds, rounds: ROUNDS, warmup: bench.warmup, rate: bench.rate, openConnections: bench.openConnections,
        poolSize: POOL_SIZE, pinned: canPin, commands: [],
      },
    }
    if (doSymmetric) {
      const trent = await measureSymmetric(bench, results)
      if (values.info && bench.logLevel !== 'info') await measureTrent(bench, results, 'info', 'trentInfo', ['encrypt-32'])
      await measureFloorA(bench, results, trent)
      await measureOpenLoop(bench, results, trent)
    }
    // The stall test's extra variants (worker reniced, Trent on both cores) run with --only asymmetric
    // or --stall-variants; the default full run keeps to Trent on core 0 to stay near 8 minutes.
    if (doAsymmetric) await measureAsymmetric(bench, results, values['stall-variants'] ?? values.only === 'asymmetric')
    results.meta.commands.push(
      '# each measured run is preceded by a warm-up run of the same command with the warm-up duration',
      `${pinned(LOAD_CORE, wrkArgv({ root, port: 0, poolFile: '', connections: 16, seconds: bench.seconds }, true)).flat().join(' ').replace(':0/', ':<port>/')}`,
      `${pinned(LOAD_CORE, openLoopArgv({ root, port: 0, poolFile: '', rate: bench.rate, seconds: bench.openSeconds, warmup: 1, connections: bench.openConnections }, true)).flat().join(' ').replace('--port 0', '--port <port>')}`,
    )
    const md = renderReport(results)
    writeFileSync(join(outDir, 'latest.md'), md)
    process.stdout.write(`${md}\n(written to bench/out/latest.md; took ${Math.round((Date.now() - started) / 1000)} s)\n`)
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
