import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { Checkpointer } from './checkpointer.js'
import { openConnection } from './connection.js'

const MiB = 1024 * 1024

/**
 * A store file whose WAL has grown past `mib` MiB with nothing copied back (autocheckpoint off, as on the
 * store's own connections); returns the open connection, which keeps the WAL in place, and the rows written.
 */
function withGrownWal(path: string, mib: number): { db: Database.Database; rows: number } {
  const db = openConnection(path)
  db.pragma('wal_autocheckpoint = 0')
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)')
  const insert = db.prepare('INSERT INTO filler (data) VALUES (?)')
  const fill = db.transaction(() => { for (let i = 0; i < 1000; i++) insert.run(Buffer.alloc(3000, i % 251)) })
  let rows = 0
  while (statSync(`${path}-wal`).size < mib * MiB) { fill(); rows += 1000 }
  return { db, rows }
}

/** One checkpoint request, as the store makes after about 1,000 pages; resolves when the worker reports back. */
async function checkpointOnce(path: string): Promise<void> {
  let reported!: () => void
  const done = new Promise<void>((resolve) => { reported = resolve })
  const checkpointer = new Checkpointer(path, () => reported())
  checkpointer.wrote(1000)
  await done
  await checkpointer.close()
}

for (const [mib, truncated] of [[66, true], [20, false]] as const) {
  test(`sqlite: the checkpoint worker copies a ${mib} MiB WAL and ${truncated ? 'truncates it to zero bytes (past 64 MiB)' : 'leaves the file as it is (below 64 MiB)'}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trent-checkpoint-'))
    const path = join(dir, 'trent.db')
    const { db, rows } = withGrownWal(path, mib)
    try {
      const before = statSync(`${path}-wal`).size
      await checkpointOnce(path)
      assert.equal(statSync(`${path}-wal`).size, truncated ? 0 : before)
      // Every frame is in the database file: a checkpoint now finds nothing left to copy.
      const [left] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[]
      assert.equal(left!.checkpointed, left!.log)
      assert.equal((db.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n, rows)
    } finally {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
