/**
 * Picks the store from configuration: PostgreSQL when TRENT_DATABASE_URL is set (several nodes may
 * share it), otherwise the embedded SQLite database in the data directory.
 */
import { join } from 'node:path'
import type { Config } from '../config/config.js'
import { PgStorage } from './postgres/pg-storage.js'
import { SqliteStorage } from './sqlite/sqlite-storage.js'
import type { Storage } from './types.js'

export async function openStore(config: Pick<Config, 'dataDir' | 'database'>, onError: (err: Error) => void): Promise<Storage> {
  const db = config.database
  if (!db) return new SqliteStorage(join(config.dataDir, 'trent.db'))
  return PgStorage.open({ url: db.url, schema: db.schema, timeoutMs: db.timeoutMs, poolSize: db.poolSize, onError })
}
