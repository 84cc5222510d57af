/**
 * Applies PG_MIGRATIONS under a transaction-scoped advisory lock, so several nodes starting at once on
 * an empty database migrate it exactly once: the first takes the lock and migrates, the others wait for
 * it, then find the schema current. Refuses a schema newer than this Trent.
 */
import type pg from 'pg'
import { PG_MIGRATIONS } from './schema.js'
import { SQL } from './sql.js'

export async function migrate(pool: pg.Pool, schema: string): Promise<{ from: number; to: number }> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(SQL.migrationLock, [`trent:${schema}:migrate`])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version')
    const current = rows[0]?.version ?? 0
    if (current > PG_MIGRATIONS.length) {
      throw new Error(`the database schema (version ${current}) is newer than this Trent (version ${PG_MIGRATIONS.length})`)
    }
    for (let v = current; v < PG_MIGRATIONS.length; v++) await client.query(PG_MIGRATIONS[v]!)
    await client.query('DELETE FROM schema_version')
    await client.query('INSERT INTO schema_version (version) VALUES ($1)', [PG_MIGRATIONS.length])
    await client.query('COMMIT')
    return { from: current, to: PG_MIGRATIONS.length }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

/** Schema names come from configuration; only plain identifiers are accepted (checked in config). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
