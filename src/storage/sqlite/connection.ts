/**
 * How every connection to the embedded store is opened: WAL, synchronous=FULL (durable at COMMIT), foreign
 * keys, and a WAL file cut back to 16 MiB when the WAL starts over, so one that a long reader let grow
 * (sqlite-storage.test.ts, "pinned past 64 MiB") does not keep its size on disk. Under Encrypt load it starts over at
 * 7.3-7.8 MB, and the file stays near 8 MB (measured 2026-12-07).
 */
import Database from 'better-sqlite3'

export function openConnection(path: string): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`)
  return db
}
