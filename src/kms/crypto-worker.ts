/** Entry of a crypto worker thread (started by crypto-offload.ts): serves the registry's tasks. */
import { serveTasks } from '../crypto/worker-pool.js'
import { cryptoTasks, internByContent } from './crypto-tasks.js'

/** Distinct keys (private material or public keys) whose parsed forms a worker keeps. */
const MAX_KEYS = 1024

serveTasks(cryptoTasks(internByContent(MAX_KEYS)))
