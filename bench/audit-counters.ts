/**
 * The audit store under load: Trent runs with TRENT_DEBUG_COUNTERS=1 and the bench reads its committed
 * transactions (each one WAL fsync, synchronous=FULL) and audit records before and after each closed-loop
 * run. Every request leaves one record, so records/s is the request rate; flushes/s is that rate times
 * transactions per record (group commit puts many records in one transaction).
 */
import { request } from 'node:http'
import type { LoadResult } from './load.js'

export interface StoreCounters { commits: number; auditRecords: number }

export interface AuditRun { label: string; connections: number; rps: number; records: number; commits: number }

export function readCounters(port: number): Promise<StoreCounters> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/_trent/debug/counters', method: 'GET' }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`counters: HTTP ${res.statusCode}`))
        else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as StoreCounters)
      })
    })
    req.on('error', reject)
    req.end()
  })
}

export function auditRun(label: string, connections: number, result: LoadResult, before: StoreCounters, after: StoreCounters): AuditRun {
  return { label, connections, rps: result.rps, records: after.auditRecords - before.auditRecords, commits: after.commits - before.commits }
}

export function renderAudit(runs: readonly AuditRun[]): string[] {
  if (!runs.length) return []
  const out = [
    '## Audit store during Trent\'s closed-loop runs', '',
    'Counted in the store over each run including its warm-up (and any repeat); records/s = requests/s (one record per call); flushes/s = records/s × transactions per record.', '',
    '| Workload | Conns | records committed | transactions (fsyncs) | records per flush | audit records/s | disk flushes/s |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of runs) {
    const perFlush = r.commits ? r.records / r.commits : 0
    out.push(`| ${r.label} | ${r.connections} | ${r.records} | ${r.commits} | ${perFlush.toFixed(1)} | ${Math.round(r.rps)} | ${perFlush ? Math.round(r.rps / perFlush) : '–'} |`)
  }
  out.push('')
  return out
}
