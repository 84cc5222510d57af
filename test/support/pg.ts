/**
 * PostgreSQL for tests: TRENT_TEST_DATABASE_URL (default: the local trust-auth cluster's `test`
 * database), and a fresh schema per use, dropped afterwards, so parallel test files never see each
 * other's rows.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env['TRENT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A unique schema name (not created: Trent creates it when it migrates). */
export function freshSchemaName(): string {
  return `trent_t_${randomBytes(6).toString('hex')}`
}

/** Drops test schemas, whatever is in them. */
export async function dropSchemas(names: readonly string[], url = TEST_DATABASE_URL): Promise<void> {
  if (names.length === 0) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
  } finally {
    await client.end()
  }
}
