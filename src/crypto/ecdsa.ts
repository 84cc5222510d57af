/**
 * ECDSA on P-256, P-384, P-521 and secp256k1 with DER (ASN.1 ECDSA-Sig-Value) signatures, as AWS KMS
 * returns them. A message KMS hashes (MessageType RAW) is signed by node:crypto. A caller's digest
 * (DIGEST) cannot be: node always hashes what it signs (`sign(null, ...)` on an EC key is
 * ECDSA-with-SHA-256 of the input), so digests go to @noble/curves (audited, RFC 6979 nonces hedged
 * with fresh randomness). Neither side normalizes S, as AWS does not; both accept high-S signatures.
 */
import { sign, verify } from 'node:crypto'
import { p256, p384, p521 } from '@noble/curves/nist.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { jwkBytes, memoByBuffer, privateKeyOf, publicKeyOf } from './key-cache.js'

export type EcCurve = 'P-256' | 'P-384' | 'P-521' | 'secp256k1'
export type EcdsaHash = 'sha256' | 'sha384' | 'sha512'

const NOBLE = { 'P-256': p256, 'P-384': p384, 'P-521': p521, secp256k1 } as const

/** The private scalar of PKCS#8 DER, fixed length, for prehashed signing. */
const scalarOf = memoByBuffer((pkcs8) => jwkBytes(privateKeyOf(pkcs8), 'd'))

/** The uncompressed SEC1 point (0x04 || x || y) of SubjectPublicKeyInfo DER. */
const pointOf = memoByBuffer((spki) => {
  const key = publicKeyOf(spki)
  return Buffer.concat([Buffer.of(0x04), jwkBytes(key, 'x'), jwkBytes(key, 'y')])
})

/** A DER signature over `message` (hashed with `hash`) or, when `prehashed`, over the digest `message`. */
export function ecdsaSign(pkcs8: Buffer, curve: EcCurve, hash: EcdsaHash, message: Buffer, prehashed: boolean): Buffer {
  if (!prehashed) return sign(hash, message, { key: privateKeyOf(pkcs8), dsaEncoding: 'der' })
  const signature = NOBLE[curve].sign(message, scalarOf(pkcs8), { prehash: false, lowS: false, format: 'der', extraEntropy: true })
  return Buffer.from(signature)
}

/** Whether a DER `signature` is valid; malformed signatures are simply invalid. */
export function ecdsaVerify(
  spki: Buffer, curve: EcCurve, hash: EcdsaHash, message: Buffer, prehashed: boolean, signature: Buffer,
): boolean {
  try {
    if (!prehashed) return verify(hash, message, { key: publicKeyOf(spki), dsaEncoding: 'der' }, signature)
    return NOBLE[curve].verify(signature, message, pointOf(spki), { prehash: false, lowS: false, format: 'der' })
  } catch {
    return false
  }
}
