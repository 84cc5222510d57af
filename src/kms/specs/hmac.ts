/**
 * HMAC_224 / HMAC_256 / HMAC_384 / HMAC_512 (AWS "HMAC key specs"): GENERATE_VERIFY_MAC with the one
 * matching algorithm; any other is refused as AWS does (`Algorithm HMAC_SHA_256 is incompatible with
 * key spec HMAC_224.`). Material: random key bytes as long as the spec's size (28, 32, 48, 64 bytes).
 */
import { randomBytes } from 'node:crypto'
import type { KeySpec, MacAlgorithmSpec } from '../../api/generated/kms-model.js'
import { hmac as computeHmac, type HmacHash } from '../../crypto/hmac.js'
import type { KeySpecEntry } from '../key-specs.js'
import { rawImport } from './importing.js'
import { incompatibleAlgorithm } from './signing.js'

/**
 * Imported HMAC keys: from the spec's size up to the hash's block size (64 bytes for SHA-224/256, 128
 * for SHA-384/512), past which RFC 2104 would hash the key first. AWS's exact bounds are a best guess.
 */
function hmac(bits: 224 | 256 | 384 | 512): KeySpecEntry {
  const spec: KeySpec = `HMAC_${bits}`
  const algorithm: MacAlgorithmSpec = `HMAC_SHA_${bits}`
  const hash: HmacHash = `sha${bits}`
  return {
    spec,
    usages: ['GENERATE_VERIFY_MAC'],
    rotatable: false,
    generateMaterial: async () => randomBytes(bits / 8),
    importing: rawImport(bits / 8, bits <= 256 ? 64 : 128),
    mac: {
      algorithms: [algorithm],
      mac(material, requested, message) {
        if (requested !== algorithm) throw incompatibleAlgorithm(requested, spec)
        return computeHmac(hash, material, message)
      },
    },
  }
}

export const HMAC_224 = hmac(224)
export const HMAC_256 = hmac(256)
export const HMAC_384 = hmac(384)
export const HMAC_512 = hmac(512)
