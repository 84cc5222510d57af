/**
 * `npm run bench -- --only postgres`: Encrypt and CreateKey throughput of one node on SQLite, one node on
 * PostgreSQL, and two nodes sharing PostgreSQL. Each setup's nodes are real `trent server` processes; with
 * two nodes, one wrk per node runs at the same time (half the connections each) and their rates add up.
 * PostgreSQL is the machine's own cluster (TRENT_TEST_DATABASE_URL), unpinned; each setup gets a fresh
 * schema, dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { runWrk, type LoadResult } from './load.js'
import { createKey, preparePool, type Bench } from './phases.js'
import { startTrent, type ServerHandle } from './servers.js'
import type { Target, Workload } from './workloads.js'

export const PG_URL = process.env['TRENT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
const CONNECTIONS = 16

const PG_WORKLOADS: readonly Workload[] = [
  { id: 'encrypt-32', label: 'Encrypt 32 B', op: 'Encrypt', input: (t) => ({ KeyId: t.keyId, Plaintext: randomBytes(32) }) },
  { id: 'create-key', label: 'CreateKey', op: 'CreateKey', input: () => ({ Description: 'bench' }) },
]

interface Setup { id: string; label: string; postgres: boolean; cores: string[] }

export const PG_SETUPS: readonly Setup[] = [
  { id: 'sqlite-1', label: '1 node, SQLite', postgres: false, cores: ['0'] },
  { id: 'pg-1', label: '1 node, PostgreSQL', postgres: true, cores: ['0'] },
  { id: 'pg-2', label: '2 nodes, PostgreSQL', postgres: true, cores: ['0', '1'] },
]

export interface PgResult {
  setup: string; workload: string; rps: number; p50Ms: number; p99Ms: number; errors: number; perNode: number[]
  /** Share of both cores other processes used just before the run (PostgreSQL's own idle work included). */
  busyBefore: number | undefined
}

export async function measurePostgres(b: Bench): Promise<{ results: PgResult[]; commands: string[] }> {
  const results: PgResult[] = []
  const commands: string[] = []
  for (const setup of PG_SETUPS) {
    b.progress(setup.label)
    const schema = `trent_bench_${randomBytes(4).toString('hex')}`
    const env = setup.postgres
      ? { TRENT_DATABASE_URL: PG_URL, TRENT_DATABASE_SCHEMA: schema, TRENT_ROOT_KEY_FILE: join(b.tmp, `${schema}.key`) }
      : undefined
    const nodes: ServerHandle[] = []
    try {
      // One at a time: the first node creates the shared root key file and migrates the schema.
      for (const [i, cores] of setup.cores.entries()) {
        nodes.push(await startTrent({
          root: b.root, dataDir: join(b.tmp, `${setup.id}-${i}`), logLevel: b.logLevel, logFile: join(b.tmp, `${setup.id}-${i}.log`), cores,
          ...(env ? { env } : {}),
        }))
      }
      commands.push(...nodes.map((n) => n.command))
      const target: Target = { keyId: await createKey(nodes[0]!.port), ciphertexts: [] }
      for (const w of PG_WORKLOADS) {
        const r = await together(b, nodes, target, w, `${setup.id}-${w.id}`)
        results.push({ setup: setup.id, workload: w.id, ...r })
        b.progress(`  ${w.label.padEnd(14)} ${String(r.rps).padStart(6)} req/s (${r.perNode.join(' + ')})  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms${r.errors ? `  ERRORS ${r.errors}` : ''}`)
      }
    } finally {
      await Promise.all(nodes.map((n) => n.stop()))
      if (setup.postgres) await dropSchema(schema)
    }
  }
  return { results, commands }
}

/** One wrk per node, all at once, with the connections split between them; a warm-up run first. */
async function together(b: Bench, nodes: ServerHandle[], target: Target, w: Workload, tag: string) {
  const pools = await Promise.all(nodes.map((n, i) => preparePool(b, n, target, w, `${tag}-${i}`)))
  const runs = nodes.map((n, i) => ({ root: b.root, port: n.port, poolFile: pools[i]!.file, connections: CONNECTIONS / nodes.length }))
  const busyBefore = await b.quiet.wait(10_000)
  await Promise.all(runs.map((r) => runWrk({ ...r, seconds: b.warmup })))
  const each: LoadResult[] = await Promise.all(runs.map((r) => runWrk({ ...r, seconds: b.seconds })))
  return {
    rps: each.reduce((sum, r) => sum + r.rps, 0),
    perNode: each.map((r) => r.rps),
    // Per-node percentiles cannot be merged exactly; the worst node's is reported.
    p50Ms: Math.max(...each.map((r) => r.p50Ms)),
    p99Ms: Math.max(...each.map((r) => r.p99Ms)),
    errors: each.reduce((sum, r) => sum + r.errors, 0),
    busyBefore,
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try { await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) } finally { await client.end() }
}

export function renderPostgres(results: PgResult[], meta: { date: string; revision: string; machine: string; command: string; seconds: number }, commands: string[]): string {
  const get = (setup: string, workload: string) => results.find((r) => r.setup === setup && r.workload === workload)
  const ratio = (a?: PgResult, c?: PgResult) => (a && c && c.rps ? (a.rps / c.rps).toFixed(2) : '–')
  const lines = [
    `# Trent on PostgreSQL vs SQLite, one node vs two`, '',
    `${meta.date}, Trent ${meta.revision}, ${meta.machine}, \`${meta.command}\`, ${meta.seconds} s per run, ${CONNECTIONS} connections in all.`, '',
    '| Workload | Setup | req/s | per node | p50 / p99 ms (worst node) | errors | busy before |', '|---|---|---:|---:|---:|---:|---:|',
  ]
  for (const w of PG_WORKLOADS) {
    for (const s of PG_SETUPS) {
      const r = get(s.id, w.id)
      lines.push(`| ${w.label} | ${s.label} | ${r?.rps ?? '–'} | ${r?.perNode.join(' + ') ?? '–'} | ${r ? `${r.p50Ms.toFixed(2)} / ${r.p99Ms.toFixed(2)}` : '–'} | ${r?.errors ?? '–'} | ${r?.busyBefore === undefined ? '–' : `${Math.round(r.busyBefore * 100)}%`} |`)
    }
  }
  lines.push('', '| Workload | PostgreSQL / SQLite (1 node) | 2 nodes / 1 node (PostgreSQL) |', '|---|---:|---:|')
  for (const w of PG_WORKLOADS) lines.push(`| ${w.label} | ${ratio(get('pg-1', w.id), get('sqlite-1', w.id))} | ${ratio(get('pg-2', w.id), get('pg-1', w.id))} |`)
  lines.push('', 'Servers:', '', ...commands.map((c) => `    ${c}`))
  return `${lines.join('\n')}\n`
}
