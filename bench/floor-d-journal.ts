/**
 * Floor D's journal thread: writes each batch of records to a preallocated file and fdatasyncs it before
 * answering. The file is zero-filled up front and overwritten in place as a ring, so no flush has to
 * allocate blocks or commit file metadata: the least disk work a group commit can do.
 */
import { fdatasyncSync, openSync, writeSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { nameThisThread } from '../src/thread-name.js'

nameThisThread('floor-journal')
const RING_BYTES = 64 << 20
const fd = openSync((workerData as { path: string }).path, 'w+')
const zeros = Buffer.alloc(1 << 20)
for (let at = 0; at < RING_BYTES; at += zeros.length) writeSync(fd, zeros, 0, zeros.length, at)
fdatasyncSync(fd)
let offset = 0

parentPort!.on('message', ({ records }: { records: string }) => {
  const bytes = Buffer.from(records, 'utf8')
  if (offset + bytes.length > RING_BYTES) offset = 0
  writeSync(fd, bytes, 0, bytes.length, offset)
  offset += bytes.length
  fdatasyncSync(fd)
  parentPort!.postMessage(0)
})
