/**
 * Worker thread that copies the WAL back into the database (PASSIVE checkpoints) on its own connection,
 * so neither the event loop nor the audit append worker waits for the bulk of it: the store's other
 * connections have autocheckpoint off. A PASSIVE checkpoint neither waits for nor blocks writers, so under
 * load the WAL gains frames while it copies, and SQLite starts the WAL over (instead of growing it) only once
 * every frame is copied. So each request copies the bulk, then the frames written meanwhile until a pass finds
 * nothing new (or CATCH_UP_ATTEMPTS have passed), then reports back; the audit append worker copies what is
 * left between two batches (audit-worker.ts), after which its next transaction starts the WAL over.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { nameThisThread } from '../../thread-name.js'
import { openConnection } from './connection.js'

const CATCH_UP_ATTEMPTS = 5
/**
 * A writer can still miss the restart (it needs every other reader out of the WAL at that instant, and with
 * no group-committed audit batches nothing finishes the checkpoint), and the WAL then grows by another
 * interval. Past this many frames (64 MiB of 4 KiB pages) a TRUNCATE checkpoint resets it.
 */
const MAX_WAL_FRAMES = 16_384
/**
 * How long the TRUNCATE may wait for the writer of the moment; it blocks new writers while it waits, so
 * this bounds the stall it can put on audit appends. It is tried only once a pass has copied every frame
 * (no reader pins the WAL): waiting for a long reader held every append for the connection's whole busy
 * timeout, 5 s, on each request (sqlite-storage.test.ts, "pinned past 64 MiB").
 */
const TRUNCATE_WAIT_MS = 50

nameThisThread('trent-checkpnt')
const db = openConnection((workerData as { path: string }).path)
// PASSIVE checkpoints never wait, so this timeout only ever bounds the TRUNCATE.
db.pragma(`busy_timeout = ${TRUNCATE_WAIT_MS}`)
parentPort!.on('message', () => {
  try {
    // `log` is the WAL's frame count as this pass found it, so an unchanged count means nothing was written
    // between two passes that each copied everything they saw.
    let previousLog = -1
    let allCopied = false
    for (let attempt = 0; attempt < CATCH_UP_ATTEMPTS; attempt++) {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[]
      if (!result) break
      allCopied = result.checkpointed === result.log
      if (result.log === previousLog && allCopied) break
      previousLog = result.log
    }
    if (allCopied && previousLog > MAX_WAL_FRAMES) db.pragma('wal_checkpoint(TRUNCATE)')
  } catch { /* the next request retries */ }
  parentPort!.postMessage(0)
})
