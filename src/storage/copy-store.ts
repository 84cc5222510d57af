/**
 * `trent copy-store`: moves an embedded SQLite store onto PostgreSQL, row for row. Sealed material stays
 * sealed (the root key does not change: point TRENT_ROOT_KEY_FILE at the old data directory's root.key),
 * key records keep their revisions, material versions keep their order. Everything is written in one
 * PostgreSQL transaction, and a target that already holds anything is refused, so nothing is merged
 * or overwritten. A table added to both schemas must be added to COPIED_TABLES too.
 */
import Database from 'better-sqlite3'
import pg from 'pg'
import { migrate } from './postgres/migrate.js'

interface CopiedTable {
  name: string
  columns: readonly string[]
  order: string
  /** An ON CONFLICT clause for a table a fresh schema already fills (the audit chain's genesis head). */
  onConflict?: string
}

export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: 'settings', columns: ['name', 'value'], order: 'name' },
  { name: 'keys', columns: ['key_id', 'account_id', 'region', 'revision', 'deletion_date', 'next_rotation_at', 'record'], order: 'key_id' },
  // seq is left to PostgreSQL: inserting in SQLite's seq order keeps every key's versions oldest first.
  { name: 'materials', columns: ['key_id', 'material_id', 'sealed', 'created_at', 'rotation_type', 'rotated_at', 'imported', 'expires_at'], order: 'seq' },
  { name: 'aliases', columns: ['account_id', 'region', 'alias_name', 'target_key_id', 'created_at', 'updated_at'], order: 'account_id, region, alias_name' },
  { name: 'import_parameters', columns: ['token_id', 'key_id', 'wrapping_algorithm', 'wrapping_key_spec', 'sealed_private_key', 'expires_at'], order: 'token_id' },
  { name: 'grants', columns: ['key_id', 'grant_id', 'account_id', 'region', 'name', 'grantee_principal', 'retiring_principal', 'record'], order: 'key_id, grant_id' },
  { name: 'iam_entities', columns: ['account_id', 'kind', 'name', 'owner', 'record', 'sealed', 'purge_at'], order: 'account_id, kind, name' },
  // The audit trail row for row (seq, record text and hashes unchanged), so the chain and its signed
  // digests verify on the target exactly as they did on the source.
  {
    name: 'audit_records', order: 'seq',
    columns: ['seq', 'event_id', 'event_time', 'event_name', 'event_source', 'username', 'access_key_id', 'resource_name', 'resource_type', 'read_only', 'error_code', 'request_id', 'record', 'prev_hash', 'hash', 'account_id'],
  },
  { name: 'audit_head', columns: ['id', 'seq', 'hash'], order: 'id', onConflict: 'ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash' },
  { name: 'audit_digests', columns: ['seq', 'created_at', 'head_seq', 'head_hash', 'previous_signature', 'key_fingerprint', 'signature'], order: 'seq' },
]

export class CopyStoreError extends Error {}

export async function copyStore(sqlitePath: string, target: { url: string; schema: string; timeoutMs: number }): Promise<Record<string, number>> {
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true })
  const pool = new pg.Pool({ connectionString: target.url, options: `-c search_path=${target.schema}`, max: 1, connectionTimeoutMillis: target.timeoutMs })
  try {
    await migrate(pool, target.schema)
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const counts: Record<string, number> = {}
      for (const table of COPIED_TABLES) {
        // Lock each table against concurrent writers (a node started too early) before checking it is empty.
        await client.query(`LOCK TABLE ${table.name} IN EXCLUSIVE MODE`)
        if (table.onConflict) continue
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.name}`)
        if (Number(rows[0]!.n) > 0) throw new CopyStoreError(`the target already holds data (table ${table.name}); copy-store only fills an empty store`)
      }
      for (const table of COPIED_TABLES) {
        const cols = table.columns.join(', ')
        const insert = `INSERT INTO ${table.name} (${cols}) VALUES (${table.columns.map((_, i) => `$${i + 1}`).join(', ')})${table.onConflict ? ` ${table.onConflict}` : ''}`
        let n = 0
        for (const row of source.prepare(`SELECT ${cols} FROM ${table.name} ORDER BY ${table.order}`).iterate() as IterableIterator<Record<string, unknown>>) {
          await client.query(insert, table.columns.map((c) => row[c]))
          n++
        }
        counts[table.name] = n
      }
      await client.query('COMMIT')
      return counts
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
  } finally {
    source.close()
    await pool.end()
  }
}
