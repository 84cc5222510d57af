/**
 * `trent audit verify [--data-dir D | --export-dir X]` and `trent audit export --out DIR [--data-dir D]`.
 * verify needs no secret (the public keys are stored in clear); export makes a digest on demand, so it
 * opens the keyring and must run where root.key is.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AuditDigester } from '../audit/digests.js'
import { exportTrail } from '../audit/export.js'
import { verifyExport } from '../audit/verify-export.js'
import { verifyStore, type VerifyReport } from '../audit/verify.js'
import { systemClock } from '../clock.js'
import { KeyFileKeyring } from '../keyring/key-file.js'
import { checkKeyring } from '../keyring/keyring-check.js'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'

export const AUDIT_USAGE = `usage: trent audit verify [--data-dir D | --export-dir X]
       trent audit export --out DIR [--data-dir D]`

export async function auditCommand(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const [sub, ...rest] = argv
  const flags = parseFlags(rest)
  const dataDir = flags.get('--data-dir') ?? env['TRENT_DATA_DIR'] ?? './trent-data'
  if (sub === 'verify') {
    const exportDir = flags.get('--export-dir')
    const report = exportDir !== undefined ? verifyExport(exportDir) : await withStore(dataDir, (store) => verifyStore(store.read))
    return printReport(report, out)
  }
  if (sub === 'export') {
    const outDir = flags.get('--out')
    if (outDir === undefined) throw new Error(`--out is required\n${AUDIT_USAGE}`)
    const keyFile = join(dataDir, 'root.key')
    if (!existsSync(keyFile)) throw new Error(`no root key at ${keyFile}`)
    const keyring = KeyFileKeyring.openOrCreate(keyFile, (message) => out(message))
    const summary = await withStore(dataDir, async (store) => {
      await checkKeyring(store, keyring)
      return exportTrail(store.read, new AuditDigester(store, keyring, systemClock), outDir)
    })
    out(`exported ${summary.records} records in ${summary.logFiles} log files and ${summary.digests} digests to ${outDir}`)
    return 0
  }
  throw new Error(AUDIT_USAGE)
}

function printReport(r: VerifyReport, out: (line: string) => void): number {
  for (const f of r.faults) out(`INVALID ${f.kind} ${f.seq}${f.eventId ? ` (eventID ${f.eventId})` : ''}: ${f.problem}`)
  out(`${r.records} records, ${r.digests} digests, ${r.unsigned} records not yet covered by a digest: ${r.faults.length ? `${r.faults.length} faults` : 'valid'}`)
  return r.faults.length ? 1 : 0
}

async function withStore<T>(dataDir: string, fn: (store: SqliteStorage) => Promise<T>): Promise<T> {
  const path = join(dataDir, 'trent.db')
  if (!existsSync(path)) throw new Error(`no Trent database at ${path}`)
  const store = new SqliteStorage(path)
  try { return await fn(store) } finally { await store.close() }
}

function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2) as [string, string | undefined]
    const value = inline ?? args[++i]
    if (!flag.startsWith('--') || value === undefined) throw new Error(`bad argument ${args[i - (inline === undefined ? 1 : 0)]}\n${AUDIT_USAGE}`)
    flags.set(flag, value)
  }
  return flags
}
