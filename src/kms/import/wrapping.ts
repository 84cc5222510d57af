/**
 * The wrapping algorithms and wrapping key specs of GetParametersForImport (API reference,
 * GetParametersForImport WrappingAlgorithm): which one can carry which key material.
 */
import type { AlgorithmSpec, WrappingKeySpec } from '../../api/generated/kms-model.js'
import type { UnwrapScheme } from '../../crypto/import-unwrap.js'
import { oaepMaxPlaintextBytes } from '../../crypto/rsa-oaep.js'
import { UnsupportedOperationException, ValidationException } from '../errors.js'
import type { KeySpecEntry, MaterialImport } from '../key-specs.js'

const SCHEMES: Partial<Record<AlgorithmSpec, UnwrapScheme>> = {
  RSAES_OAEP_SHA_1: { hash: 'sha1', aesKeyWrap: false },
  RSAES_OAEP_SHA_256: { hash: 'sha256', aesKeyWrap: false },
  RSA_AES_KEY_WRAP_SHA_1: { hash: 'sha1', aesKeyWrap: true },
  RSA_AES_KEY_WRAP_SHA_256: { hash: 'sha256', aesKeyWrap: true },
}

const MODULUS_BITS: Partial<Record<WrappingKeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 }

export interface Wrapping { scheme: UnwrapScheme; modulusBits: number }

/** The importing capability of a key's spec; specs without one (ML-DSA) cannot be imported. */
export function importingOf(entry: KeySpecEntry): MaterialImport {
  if (!entry.importing) throw new UnsupportedOperationException(`Importing key material is not supported for key spec ${entry.spec} by this version of Trent.`)
  return entry.importing
}

/**
 * Checks a wrapping algorithm and key spec for a key's material. Messages are Trent's (AWS's wording for
 * these refusals is not on record); the rules are AWS's: RSAES_PKCS1_V1_5 is gone since October 2023,
 * RSAES_OAEP cannot carry RSA private keys, nor P-521 keys under RSA_2048.
 */
export function wrappingFor(algorithm: AlgorithmSpec, keySpec: WrappingKeySpec, entry: KeySpecEntry): Wrapping {
  const modulusBits = MODULUS_BITS[keySpec]
  if (modulusBits === undefined) throw new UnsupportedOperationException(`WrappingKeySpec ${keySpec} is not supported by this version of Trent.`)
  const scheme = SCHEMES[algorithm]
  if (!scheme) {
    if (algorithm === 'RSAES_PKCS1_V1_5') throw new ValidationException('The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.')
    throw new UnsupportedOperationException(`WrappingAlgorithm ${algorithm} is not supported by this version of Trent.`)
  }
  const importing = importingOf(entry)
  if (!scheme.aesKeyWrap && importing.maxBytes > oaepMaxPlaintextBytes(modulusBits, scheme.hash)) {
    const longerHelps = importing.maxBytes <= oaepMaxPlaintextBytes(4096, scheme.hash)
    throw new ValidationException(`WrappingAlgorithm ${algorithm} with WrappingKeySpec ${keySpec} cannot wrap ${entry.spec} key material. Use an RSA_AES_KEY_WRAP wrapping algorithm${longerHelps ? ' or a longer wrapping key' : ''}.`)
  }
  return { scheme, modulusBits }
}
