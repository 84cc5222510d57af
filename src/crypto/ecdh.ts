/**
 * ECDH (SP 800-56A, cofactor Diffie-Hellman) on the NIST curves: the shared secret is the x-coordinate
 * of the shared point, unhashed, as AWS KMS DeriveSharedSecret returns it.
 */
import { createPublicKey, diffieHellman, type KeyObject } from 'node:crypto'
import { privateKeyOf } from './key-cache.js'

function namedCurve(key: KeyObject): string | undefined {
  return key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined
}

/**
 * The raw shared secret of our PKCS#8 key with the peer's SubjectPublicKeyInfo DER, or null when the
 * peer key does not parse, is not an EC key on our curve, or is not a valid point.
 */
export function ecdhSharedSecret(pkcs8: Buffer, peerSpki: Buffer): Buffer | null {
  const privateKey = privateKeyOf(pkcs8)
  let publicKey: KeyObject
  try {
    publicKey = createPublicKey({ key: peerSpki, format: 'der', type: 'spki' })
  } catch {
    return null
  }
  const curve = namedCurve(publicKey)
  if (curve === undefined || curve !== namedCurve(privateKey)) return null
  try {
    return diffieHellman({ privateKey, publicKey })
  } catch {
    return null
  }
}
