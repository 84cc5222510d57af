/**
 * Ed25519 (RFC 8032, FIPS 186-5 section 7): PureEdDSA by node:crypto over the whole message, and
 * HashEdDSA Ed25519ph (SHA-512 prehash, empty context) by @noble/curves, which OpenSSL 3.0 lacks.
 * Ed25519ph verification is strict RFC 8032 (no ZIP-215 leniency), like OpenSSL's PureEdDSA.
 */
import { sign, verify } from 'node:crypto'
import { ed25519ph } from '@noble/curves/ed25519.js'
import { jwkBytes, memoByBuffer, privateKeyOf, publicKeyOf } from './key-cache.js'

/** The 32-byte seed of PKCS#8 DER. */
const seedOf = memoByBuffer((pkcs8) => jwkBytes(privateKeyOf(pkcs8), 'd'))
/** The 32-byte encoded point of SubjectPublicKeyInfo DER. */
const pointOf = memoByBuffer((spki) => jwkBytes(publicKeyOf(spki), 'x'))

export function ed25519Sign(pkcs8: Buffer, message: Buffer): Buffer {
  return sign(null, message, privateKeyOf(pkcs8))
}

export function ed25519Verify(spki: Buffer, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, message, publicKeyOf(spki), signature)
  } catch {
    return false
  }
}

/** Ed25519ph over `message`: the signer computes PH(message) = SHA-512(message) itself. */
export function ed25519phSign(pkcs8: Buffer, message: Buffer): Buffer {
  return Buffer.from(ed25519ph.sign(message, seedOf(pkcs8)))
}

export function ed25519phVerify(spki: Buffer, message: Buffer, signature: Buffer): boolean {
  try {
    return ed25519ph.verify(signature, message, pointOf(spki), { zip215: false })
  } catch {
    return false
  }
}
