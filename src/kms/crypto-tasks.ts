/**
 * What a crypto worker runs: the registry's own sign, verify and RSA decrypt, so that a worker and the
 * event loop share one implementation. Arguments arrive as Uint8Arrays (crypto/worker-pool.ts copies
 * them across); `keyBytes` turns key material and public keys into the Buffers that the capabilities
 * cache parsed keys by (crypto/key-cache.ts caches by Buffer identity).
 */
import { createHash } from 'node:crypto'
import type { EncryptionAlgorithmSpec, KeySpec, MessageType, SigningAlgorithmSpec } from '../api/generated/kms-model.js'
import { keySpecEntry, type EncryptionCapability, type SigningCapability } from './key-specs.js'

/** The bytes as a Buffer, without copying; a Buffer is returned as it is. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

// The operations have checked the spec's capabilities before any task runs; a miss is a server fault.
export function signingOf(spec: KeySpec): SigningCapability {
  const signing = keySpecEntry(spec).signing
  if (!signing) throw new Error(`key spec ${spec} has no signing capability`)
  return signing
}

export function rsaOf(spec: KeySpec): NonNullable<EncryptionCapability['asymmetric']> {
  const rsa = keySpecEntry(spec).encryption?.asymmetric
  if (!rsa) throw new Error(`key spec ${spec} has no asymmetric encryption capability`)
  return rsa
}

export function cryptoTasks(keyBytes: (bytes: Uint8Array) => Buffer) {
  return {
    sign: (spec: KeySpec, algorithm: SigningAlgorithmSpec, material: Uint8Array, message: Uint8Array, messageType: MessageType): Uint8Array =>
      signingOf(spec).sign(keyBytes(material), algorithm, asBuffer(message), messageType),
    verify: (
      spec: KeySpec, algorithm: SigningAlgorithmSpec, publicKey: Uint8Array, message: Uint8Array, messageType: MessageType, signature: Uint8Array,
    ): boolean => signingOf(spec).verify(keyBytes(publicKey), algorithm, asBuffer(message), messageType, asBuffer(signature)),
    decrypt: (spec: KeySpec, algorithm: EncryptionAlgorithmSpec, material: Uint8Array, ciphertext: Uint8Array): Uint8Array | null =>
      rsaOf(spec).decrypt(keyBytes(material), algorithm, asBuffer(ciphertext)),
  }
}

export type CryptoTasks = ReturnType<typeof cryptoTasks>

/**
 * For a worker, where each task brings a fresh copy of its key: one Buffer per distinct key content
 * (found by its SHA-256), so parsed keys are cached across tasks (an ML-DSA key expansion costs more
 * than signing). Keeps the `max` most recently used, as the key repository bounds its own cache.
 */
export function internByContent(max: number): (bytes: Uint8Array) => Buffer {
  const keys = new Map<string, Buffer>()
  return (bytes) => {
    const id = createHash('sha256').update(bytes).digest('base64')
    let key = keys.get(id)
    if (key) keys.delete(id)
    else {
      key = asBuffer(bytes)
      if (keys.size >= max) keys.delete(keys.keys().next().value as string)
    }
    keys.set(id, key)
    return key
  }
}
