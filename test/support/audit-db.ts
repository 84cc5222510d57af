/** Direct access to a Trent data directory's SQLite audit tables, for tests that inspect or tamper with them. */
import Database from 'better-sqlite3'
import { join } from 'node:path'

export interface StoredRecord { seq: number; record: Record<string, any>; text: string }

export function openDb(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'trent.db'))
  db.pragma('busy_timeout = 5000')
  return db
}

export function auditRecords(dataDir: string): StoredRecord[] {
  const db = openDb(dataDir)
  try {
    return (db.prepare('SELECT seq, record FROM audit_records ORDER BY seq').all() as { seq: number; record: string }[])
      .map((r) => ({ seq: r.seq, text: r.record, record: JSON.parse(r.record) as Record<string, any> }))
  } finally {
    db.close()
  }
}
