/**
 * The workloads, one entry each: which operation, the SDK input for the i-th request of a pool, and
 * whether it needs ciphertexts made by the server under test (Decrypt).
 */
import { randomBytes } from 'node:crypto'
import type { Operation } from './sign.js'

/** What a pool is built against: the key to use and ciphertexts that server can decrypt. */
export interface Target { keyId: string; ciphertexts: Uint8Array[] }

export interface Workload {
  id: string
  label: string
  op: Operation
  input(target: Target, i: number): Record<string, unknown>
}

export const WORKLOADS: readonly Workload[] = [
  { id: 'encrypt-32', label: 'Encrypt 32 B', op: 'Encrypt', input: (t) => ({ KeyId: t.keyId, Plaintext: randomBytes(32) }) },
  { id: 'encrypt-4k', label: 'Encrypt 4 KiB', op: 'Encrypt', input: (t) => ({ KeyId: t.keyId, Plaintext: randomBytes(4096) }) },
  { id: 'decrypt', label: 'Decrypt (32 B)', op: 'Decrypt', input: (t, i) => ({ CiphertextBlob: t.ciphertexts[i % t.ciphertexts.length] }) },
  { id: 'gdk', label: 'GenerateDataKey AES_256', op: 'GenerateDataKey', input: (t) => ({ KeyId: t.keyId, KeySpec: 'AES_256' }) },
]

export const CONNECTIONS = [16, 64] as const

/** Distinct signed requests per pool; replayed in a cycle within SigV4's 5-minute window. */
export const POOL_SIZE = 256
