/** Entry of a crypto worker thread (started by crypto-offload.ts): serves the registry's tasks. */
import { setPriority } from 'node:os'
import { serveTasks } from '../crypto/worker-pool.js'
import { nameThisThread } from '../thread-name.js'
import { cryptoTasks, internByContent } from './crypto-tasks.js'

/** Distinct keys (private material or public keys) whose parsed forms a worker keeps. */
const MAX_KEYS = 1024

// Slow signing must not take CPU time from the event loop: on Linux the nice value is per thread, so
// this lowers only this worker. Measured: Encrypt p99 under an RSA_4096 Sign load went from 4.4x to
// 1.65x its p99 alone, with RSA throughput unchanged. Where it is not permitted, run at normal priority.
try { setPriority(19) } catch { /* not permitted here: normal priority */ }
nameThisThread('trent-crypto')

serveTasks(cryptoTasks(internByContent(MAX_KEYS)))
