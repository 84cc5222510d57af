/**
 * What each key spec accepts as imported material (AWS KMS Developer Guide, "Importing key material":
 * 256-bit symmetric keys, raw HMAC keys, PKCS#8 DER private keys). Every check answers a reason, which
 * ImportKeyMaterial reports as IncorrectKeyMaterialException ("the key material ... is invalid").
 */
import { readPkcs8 } from '../../crypto/pkcs8.js'
import type { MaterialImport } from '../key-specs.js'

/** Raw secret bytes of a length in [min, max]. */
export function rawImport(min: number, max: number): MaterialImport {
  return {
    maxBytes: max,
    parse: (material) => material.length >= min && material.length <= max
      ? { material: Buffer.from(material) }
      : { problem: min === max ? `must be ${min} bytes` : `must be ${min} to ${max} bytes` },
  }
}

/**
 * A PKCS#8 DER private key of node key type `type` that `fits` (modulus size, curve). `maxBytes` is the
 * longest DER the spec has (RSA: beyond any OAEP block, so only RSA_AES wrapping can carry it).
 */
export function pkcs8Import(type: string, describe: string, maxBytes: number, fits: (facts: { modulusBits?: number; curve?: string }) => boolean): MaterialImport {
  return {
    maxBytes,
    parse(material) {
      const facts = readPkcs8(material)
      if (!facts || facts.type !== type || !fits(facts)) return { problem: `must be a DER-encoded PKCS#8 ${describe} private key` }
      return { material: facts.pkcs8 }
    },
  }
}
