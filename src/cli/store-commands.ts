/**
 * `trent migrate` and `trent copy-store`: the store administration commands. Both act on the PostgreSQL
 * store named by TRENT_DATABASE_URL (and TRENT_DATABASE_SCHEMA), configured as for `trent server`.
 */
import { join, resolve } from 'node:path'
import pg from 'pg'
import { ConfigError, loadConfig } from '../config/config.js'
import { copyStore } from '../storage/copy-store.js'
import { migrate } from '../storage/postgres/migrate.js'

function database(env: NodeJS.ProcessEnv, argv: readonly string[]) {
  const config = loadConfig(env, argv)
  if (!config.database) throw new ConfigError('set TRENT_DATABASE_URL to the PostgreSQL database (postgres://...)')
  return { config, db: config.database }
}

/** Applies pending migrations (a no-op when current); the server does the same at start. */
export async function migrateCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { db } = database(process.env, argv)
  const pool = new pg.Pool({ connectionString: db.url, options: `-c search_path=${db.schema}`, max: 1, connectionTimeoutMillis: db.timeoutMs })
  try {
    const { from, to } = await migrate(pool, db.schema)
    out(from === to ? `schema ${db.schema} is current (version ${to})` : `schema ${db.schema} migrated from version ${from} to ${to}`)
    return 0
  } finally {
    await pool.end()
  }
}

/** `trent copy-store [--from DATA_DIR]`: the SQLite store of DATA_DIR (default TRENT_DATA_DIR) onto PostgreSQL. */
export async function copyStoreCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const rest = [...argv]
  const at = rest.indexOf('--from')
  const from = at >= 0 ? rest.splice(at, 2)[1] : undefined
  if (at >= 0 && from === undefined) throw new ConfigError('--from needs a data directory')
  const { config, db } = database(process.env, rest)
  const dataDir = from === undefined ? config.dataDir : resolve(from)
  const counts = await copyStore(join(dataDir, 'trent.db'), db)
  out(`copied ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')} from ${dataDir} to schema ${db.schema}`)
  out(`serve it with TRENT_ROOT_KEY_FILE=${join(dataDir, 'root.key')} (the same root key) on every node`)
  return 0
}
