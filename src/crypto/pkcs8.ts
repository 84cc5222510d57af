/** Reading private keys that callers bring (imported or seeded material): PKCS#8 DER or PEM, normalized. */
import { createPrivateKey, type KeyObject } from 'node:crypto'

export interface PrivateKeyFacts {
  /** node's asymmetricKeyType: 'rsa', 'ec', 'ed25519', ... */
  type: string
  modulusBits?: number
  /** OpenSSL's curve name for EC keys: prime256v1, secp384r1, secp521r1, secp256k1. */
  curve?: string
  /** PKCS#8 DER as OpenSSL re-encodes it, so the same key always gives the same bytes. */
  pkcs8: Buffer
}

/** The facts of an unencrypted PKCS#8 DER private key, or undefined when it is not one. */
export function readPkcs8(der: Buffer): PrivateKeyFacts | undefined {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } catch {
    return undefined
  }
  const details = key.asymmetricKeyDetails ?? {}
  return {
    type: key.asymmetricKeyType ?? 'unknown',
    ...(details.modulusLength !== undefined ? { modulusBits: details.modulusLength } : {}),
    ...(details.namedCurve !== undefined ? { curve: details.namedCurve } : {}),
    pkcs8: key.export({ format: 'der', type: 'pkcs8' }),
  }
}

/** PKCS#8 DER of a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC), or undefined when it is not one. */
export function pemToPkcs8(pem: string): Buffer | undefined {
  try {
    return createPrivateKey({ key: pem, format: 'pem' }).export({ format: 'der', type: 'pkcs8' })
  } catch {
    return undefined
  }
}
