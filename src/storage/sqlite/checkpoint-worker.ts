/**
 * Worker thread that copies the WAL back into the database (PASSIVE checkpoints) on its own connection,
 * so the event loop never pays for it: the store's writer connection has autocheckpoint off. A PASSIVE
 * checkpoint neither waits for nor blocks the writer; what it cannot copy now is copied next time.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openConnection } from './connection.js'

const db = openConnection((workerData as { path: string }).path)
parentPort!.on('message', () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* the next request retries */ }
})
