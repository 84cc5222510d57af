/**
 * Worker thread that copies the WAL back into the database (PASSIVE checkpoints) on its own connection,
 * so the event loop never pays for it: the store's writer connection has autocheckpoint off. A PASSIVE
 * checkpoint neither waits for nor blocks the writer; what it cannot copy now is copied next time.
 */
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { openConnection } from './connection.js'

// Background work: on Linux the nice value is per thread, so this yields the core to the event loop and the
// audit append worker only. Where it is not permitted, run at normal priority.
try { setPriority(19) } catch { /* not permitted here: normal priority */ }

const db = openConnection((workerData as { path: string }).path)
parentPort!.on('message', () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* the next request retries */ }
})
