/**
 * `trent audit verify [--data-dir D | --export-dir X]` and `trent audit export --out DIR [--data-dir D]`.
 * verify needs no secret (the public keys are stored in clear); export makes a digest on demand, so it
 * opens the keyring and must run where root.key is (TRENT_ROOT_KEY_FILE). Both read the store the
 * server is configured with: PostgreSQL when TRENT_DATABASE_URL is set (TRENT_DATABASE_SCHEMA), otherwise
 * the SQLite database of the data directory.
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
import { loadConfig, type Config } from '../config/config.js'
import { openStore } from '../storage/open-store.js'
import type { Storage } from '../storage/types.js'

export const AUDIT_USAGE = `usage: trent audit verify [--data-dir D | --export-dir X]
       trent audit export --out DIR [--data-dir D]`

export async function auditCommand(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const [sub, ...rest] = argv
  const flags = parseFlags(rest)
  const dataDir = flags.get('--data-dir')
  const config = loadConfig({ ...env, ...(dataDir !== undefined ? { TRENT_DATA_DIR: dataDir } : {}) }, [])
  if (sub === 'verify') {
    const exportDir = flags.get('--export-dir')
    const report = exportDir !== undefined ? verifyExport(exportDir) : await withStore(config, (store) => verifyStore(store.read))
    return printReport(report, out)
  }
  if (sub === 'export') {
    const outDir = flags.get('--out')
    if (outDir === undefined) throw new Error(`--out is required\n${AUDIT_USAGE}`)
    const keyFile = config.rootKeyFile
    if (!existsSync(keyFile)) throw new Error(`no root key at ${keyFile}`)
    const keyring = KeyFileKeyring.openOrCreate(keyFile, (message) => out(message))
    const summary = await withStore(config, async (store) => {
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

async function withStore<T>(config: Config, fn: (store: Storage) => Promise<T>): Promise<T> {
  const path = join(config.dataDir, 'trent.db')
  if (!config.database && !existsSync(path)) throw new Error(`no Trent database at ${path}`)
  const store = await openStore(config, () => undefined)
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
