/** How every connection to the embedded store is opened: WAL, synchronous=FULL (durable at COMMIT), foreign keys. */
import Database from 'better-sqlite3'

export function openConnection(path: string): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  return db
}
