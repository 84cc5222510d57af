/**
 * ECC_NIST_EDWARDS25519 (AWS Sign API reference, MessageType): SIGN_VERIFY only.
 * - ED25519_SHA_512 is PureEdDSA over the message and takes MessageType RAW only.
 * - ED25519_PH_SHA_512 is Ed25519ph and takes MessageType DIGEST only: a 64-byte value that KMS
 *   "still" prehashes with SHA-512 (FIPS 186-5 section 7.8.1 step 1), so the input is hashed twice,
 *   once by the caller and once here. The signature is Ed25519ph over the 64 bytes given.
 * Material: PKCS#8 DER.
 */
import { generateKeyPairSync } from 'node:crypto'
import { ed25519phSign, ed25519phVerify, ed25519Sign, ed25519Verify } from '../../crypto/ed25519.js'
import { publicKeyDer } from '../../crypto/key-cache.js'
import type { KeySpecEntry } from '../key-specs.js'
import { pkcs8Import } from './importing.js'
import { signingCapability } from './signing.js'

export const ECC_NIST_EDWARDS25519: KeySpecEntry = {
  spec: 'ECC_NIST_EDWARDS25519',
  usages: ['SIGN_VERIFY'],
  rotatable: false,
  generateMaterial: async () => generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  }).privateKey,
  publicKey: publicKeyDer,
  importing: pkcs8Import('ed25519', 'Ed25519', 48, () => true),
  signing: signingCapability('ECC_NIST_EDWARDS25519', {
    ED25519_SHA_512: {
      messageTypes: ['RAW'],
      sign: (material, message) => ed25519Sign(material, message),
      verify: (spki, message, _type, signature) => ed25519Verify(spki, message, signature),
    },
    ED25519_PH_SHA_512: {
      messageTypes: ['DIGEST'],
      digestBytes: 64,
      sign: (material, digest) => ed25519phSign(material, digest),
      verify: (spki, digest, _type, signature) => ed25519phVerify(spki, digest, signature),
      // @noble/curves: ~1.5 ms to sign, ~3 ms to verify. PureEdDSA (node) takes well under 0.2 ms.
      offload: { sign: ['DIGEST'], verify: ['DIGEST'] },
    },
  }),
}
