/**
 * The audit trail of a PostgreSQL schema, for multi-node tests: the request ids it holds (how many
 * records each) and `trent audit verify` run against the schema, as an operator would run it.
 */
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { TEST_DATABASE_URL } from './pg.js'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')

/** request id -> number of records carrying it. */
export async function recordsPerRequest(schema: string, url = TEST_DATABASE_URL): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ request_id: string; n: string }>(
      `SELECT request_id, count(*) AS n FROM "${schema}".audit_records WHERE request_id IS NOT NULL GROUP BY request_id`)
    return new Map(rows.map((r) => [r.request_id, Number(r.n)]))
  } finally {
    await client.end()
  }
}

/** `trent audit verify` against the schema: exit code and output. */
export async function verifySchema(schema: string, url = TEST_DATABASE_URL): Promise<{ code: number; stdout: string }> {
  const env = { PATH: process.env['PATH'] ?? '', TRENT_DATABASE_URL: url, TRENT_DATABASE_SCHEMA: schema }
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [MAIN, 'audit', 'verify'], { env })
    return { code: 0, stdout }
  } catch (err) {
    const e = err as { code: number; stdout: string }
    return { code: e.code, stdout: e.stdout }
  }
}
