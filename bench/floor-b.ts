/**
 * Floor B: the most any Encrypt on this stack can do. A minimal node:http handler that verifies the
 * SigV4 signature with Trent's own SigV4Verifier and performs Trent's own cryptography (per-request
 * KBKDF key, AES-256-GCM, the versioned blob) through src/kms/ciphertext.ts, with the key material in
 * memory. Deliberately absent: input validation, key lookup and storage, key state, policy, audit,
 * request logging, the request id and Date headers Trent sets itself.
 *
 *   node dist/bench/floor-b.js --port 4602
 */
import { parseArgs } from 'node:util'
import { serveFloor } from './floor-server.js'
import { symmetricOperations } from './symmetric-operations.js'

const { values } = parseArgs({ options: { port: { type: 'string' } } })

serveFloor('floor-b', Number(values.port), symmetricOperations())
