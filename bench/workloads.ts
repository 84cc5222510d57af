/**
 * The workloads, one entry each: which operation, the SDK input for the i-th request of a pool, and
 * whether it needs ciphertexts made by the server under test (Decrypt).
 */
import { randomBytes } from 'node:crypto'
import type { Operation } from './sign.js'

/** What a pool is built against: the key to use and ciphertexts that server can decrypt. */
export interface Target {
  keyId: string
  ciphertexts: Uint8Array[]
  /** Asymmetric/HMAC workloads: key id per key spec (see ASYM_KEYS), and messages with signatures for Verify. */
  keys?: Record<string, string>
  signed?: { message: Uint8Array; signature: Uint8Array }[]
}

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

/** The asymmetric and HMAC keys the asymmetric phase creates, by short name. */
export const ASYM_KEYS = {
  p256: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
  rsa2048: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' },
  rsa4096: { KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' },
  hmac256: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
} as const
export type AsymKey = keyof typeof ASYM_KEYS

const key = (t: Target, k: AsymKey): string => {
  const id = t.keys?.[k]
  if (!id) throw new Error(`no ${k} key in the target`)
  return id
}

const signWorkload = (id: string, label: string, k: AsymKey, algorithm: string): Workload => ({
  id, label, op: 'Sign',
  input: (t) => ({ KeyId: key(t, k), Message: randomBytes(32), MessageType: 'RAW', SigningAlgorithm: algorithm }),
})

export const SIGN_RSA_4096 = signWorkload('sign-rsa4096', 'Sign RSA_4096 PKCS1 v1.5', 'rsa4096', 'RSASSA_PKCS1_V1_5_SHA_256')

/** Asymmetric and HMAC workloads (32 B RAW messages), each measured on Trent and floor C. */
export const ASYM_WORKLOADS: readonly Workload[] = [
  signWorkload('sign-p256', 'Sign ECC_NIST_P256', 'p256', 'ECDSA_SHA_256'),
  signWorkload('sign-rsa2048', 'Sign RSA_2048 PKCS1 v1.5', 'rsa2048', 'RSASSA_PKCS1_V1_5_SHA_256'),
  {
    id: 'verify-p256', label: 'Verify ECC_NIST_P256', op: 'Verify',
    input: (t, i) => {
      const s = t.signed![i % t.signed!.length]!
      return { KeyId: key(t, 'p256'), Message: s.message, MessageType: 'RAW', Signature: s.signature, SigningAlgorithm: 'ECDSA_SHA_256' }
    },
  },
  { id: 'mac-hmac256', label: 'GenerateMac HMAC_256', op: 'GenerateMac', input: (t) => ({ KeyId: key(t, 'hmac256'), Message: randomBytes(32), MacAlgorithm: 'HMAC_SHA_256' }) },
]

export const ASYM_CONNECTIONS = 16
/** Closed-loop connections of the RSA_4096 Sign load in the stall test. */
export const STALL_CONNECTIONS = 8
