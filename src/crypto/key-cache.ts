/**
 * Parsed-key caches keyed by the identity of the DER Buffer they were parsed from. The key repository
 * hands capabilities the same material Buffer for as long as it caches a key, and `publicKeyDer`
 * returns the same public-key Buffer for the same material, so each DER is parsed at most once while
 * it lives; a WeakMap lets the entry go with the Buffer. Callers must not mutate a Buffer after use.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'

/** Wraps `derive` so it runs once per distinct Buffer object. */
export function memoByBuffer<T>(derive: (der: Buffer) => T): (der: Buffer) => T {
  const cache = new WeakMap<Buffer, T>()
  return (der) => {
    let value = cache.get(der)
    if (value === undefined) {
      value = derive(der)
      cache.set(der, value)
    }
    return value
  }
}

/** The private KeyObject of PKCS#8 DER. */
export const privateKeyOf: (pkcs8: Buffer) => KeyObject =
  memoByBuffer((pkcs8) => createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))

/** The public KeyObject of SubjectPublicKeyInfo DER. */
export const publicKeyOf: (spki: Buffer) => KeyObject =
  memoByBuffer((spki) => createPublicKey({ key: spki, format: 'der', type: 'spki' }))

/** The SubjectPublicKeyInfo DER of PKCS#8 DER; the same Buffer every time for the same material. */
export const publicKeyDer: (pkcs8: Buffer) => Buffer =
  memoByBuffer((pkcs8) => createPublicKey(privateKeyOf(pkcs8)).export({ format: 'der', type: 'spki' }))

/** JWK members of a key, base64url-decoded (EC `d`, `x`, `y`; OKP `d`, `x`). */
export function jwkBytes(key: KeyObject, member: 'd' | 'x' | 'y'): Buffer {
  const value = key.export({ format: 'jwk' })[member]
  if (typeof value !== 'string') throw new Error(`key has no JWK member ${member}`)
  return Buffer.from(value, 'base64url')
}
