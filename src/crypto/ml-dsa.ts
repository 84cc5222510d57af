/**
 * ML-DSA (FIPS 204) by @noble/post-quantum (Node 20 has none): key generation from a 32-byte seed
 * (ML-DSA.KeyGen_internal), hedged signing with an empty context (ML-DSA.Sign), and signing a 64-byte
 * message representative mu computed by the caller (FIPS 204 section 6.2, "external mu"; not
 * HashML-DSA). Public keys are published as SubjectPublicKeyInfo with the NIST OIDs (RFC 9881).
 */
import { createHash } from 'node:crypto'
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js'
import { memoByBuffer } from './key-cache.js'
import { decodeSpki, derOid, encodeSpki } from './spki.js'

export type MlDsaLevel = 44 | 65 | 87

export const ML_DSA_SEED_BYTES = 32
export const ML_DSA_MU_BYTES = 64

const PARAMS = {
  44: { dsa: ml_dsa44, oid: derOid('2.16.840.1.101.3.4.3.17'), publicKeyBytes: 1312 },
  65: { dsa: ml_dsa65, oid: derOid('2.16.840.1.101.3.4.3.18'), publicKeyBytes: 1952 },
  87: { dsa: ml_dsa87, oid: derOid('2.16.840.1.101.3.4.3.19'), publicKeyBytes: 2592 },
} as const

/** Expanded keys per seed Buffer, one cache per parameter set. */
const KEYS = {
  44: memoByBuffer((seed) => PARAMS[44].dsa.keygen(seed)),
  65: memoByBuffer((seed) => PARAMS[65].dsa.keygen(seed)),
  87: memoByBuffer((seed) => PARAMS[87].dsa.keygen(seed)),
} as const

const SPKI = {
  44: memoByBuffer((seed) => encodeSpki(PARAMS[44].oid, KEYS[44](seed).publicKey)),
  65: memoByBuffer((seed) => encodeSpki(PARAMS[65].oid, KEYS[65](seed).publicKey)),
  87: memoByBuffer((seed) => encodeSpki(PARAMS[87].oid, KEYS[87](seed).publicKey)),
} as const

const RAW_PUBLIC = {
  44: memoByBuffer((spki) => decodeSpki(PARAMS[44].oid, spki, PARAMS[44].publicKeyBytes)),
  65: memoByBuffer((spki) => decodeSpki(PARAMS[65].oid, spki, PARAMS[65].publicKeyBytes)),
  87: memoByBuffer((spki) => decodeSpki(PARAMS[87].oid, spki, PARAMS[87].publicKeyBytes)),
} as const

function checkSeed(seed: Buffer): Buffer {
  if (seed.length !== ML_DSA_SEED_BYTES) throw new Error('ML-DSA seed must be 32 bytes')
  return seed
}

/** SubjectPublicKeyInfo DER of the key pair generated from `seed`; the same Buffer for the same seed. */
export function mlDsaPublicKeyDer(level: MlDsaLevel, seed: Buffer): Buffer {
  return SPKI[level](checkSeed(seed))
}

/** The raw public key inside SubjectPublicKeyInfo DER, or null if it is not an ML-DSA-`level` key. */
export function mlDsaRawPublicKey(level: MlDsaLevel, spki: Buffer): Buffer | null {
  return RAW_PUBLIC[level](spki)
}

/** ML-DSA.Sign(sk, message, ctx = '') or, with `externalMu`, the internal signer over mu. Hedged. */
export function mlDsaSign(level: MlDsaLevel, seed: Buffer, message: Buffer, externalMu: boolean): Buffer {
  const { dsa } = PARAMS[level]
  const { secretKey } = KEYS[level](checkSeed(seed))
  if (externalMu && message.length !== ML_DSA_MU_BYTES) throw new Error('mu must be 64 bytes')
  return Buffer.from(externalMu ? dsa.internal.sign(message, secretKey, { externalMu: true }) : dsa.sign(message, secretKey))
}

export function mlDsaVerify(level: MlDsaLevel, spki: Buffer, message: Buffer, externalMu: boolean, signature: Buffer): boolean {
  const { dsa } = PARAMS[level]
  const publicKey = RAW_PUBLIC[level](spki)
  if (publicKey === null) return false
  try {
    return externalMu
      ? message.length === ML_DSA_MU_BYTES && dsa.internal.verify(signature, message, publicKey, { externalMu: true })
      : dsa.verify(signature, message, publicKey)
  } catch {
    return false
  }
}

/** mu = SHAKE256(SHAKE256(pk, 64) || 0x00 || 0x00 || message, 64): FIPS 204 Algorithm 2 with ctx = ''. */
export function mlDsaMu(rawPublicKey: Uint8Array, message: Buffer): Buffer {
  const tr = createHash('shake256', { outputLength: 64 }).update(rawPublicKey).digest()
  return createHash('shake256', { outputLength: 64 }).update(tr).update(Buffer.of(0, 0)).update(message).digest()
}
