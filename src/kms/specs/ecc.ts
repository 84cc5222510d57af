/**
 * Elliptic-curve key specs (AWS key spec reference, "Elliptic curve key specs"). Each curve has one
 * ECDSA algorithm, for RAW and DIGEST messages, with DER signatures. The NIST curves may instead be
 * KEY_AGREEMENT keys (ECDH, raw x-coordinate secret); secp256k1 is signing only.
 * Material: PKCS#8 DER with the named curve.
 */
import { generateKeyPairSync } from 'node:crypto'
import type { KeySpec, MessageType, SigningAlgorithmSpec } from '../../api/generated/kms-model.js'
import { ecdhSharedSecret } from '../../crypto/ecdh.js'
import { ecdsaSign, ecdsaVerify, type EcCurve, type EcdsaHash } from '../../crypto/ecdsa.js'
import { publicKeyDer } from '../../crypto/key-cache.js'
import { ValidationException } from '../errors.js'
import type { AgreementCapability, KeySpecEntry } from '../key-specs.js'
import { pkcs8Import } from './importing.js'
import { signingCapability, type SigningAlgorithm } from './signing.js'

const HASH_BYTES: Record<EcdsaHash, number> = { sha256: 32, sha384: 48, sha512: 64 }

/**
 * OpenSSL's curve names, and the length of a PKCS#8 key with its public key (P-521's 241 bytes are more
 * than RSA_2048 OAEP carries, which is AWS's documented exception).
 */
const CURVES: Record<EcCurve, { name: string; pkcs8Bytes: number }> = {
  'P-256': { name: 'prime256v1', pkcs8Bytes: 138 },
  'P-384': { name: 'secp384r1', pkcs8Bytes: 185 },
  'P-521': { name: 'secp521r1', pkcs8Bytes: 241 },
  secp256k1: { name: 'secp256k1', pkcs8Bytes: 135 },
}

function ecdh(spec: KeySpec): AgreementCapability {
  return {
    algorithms: ['ECDH'],
    derive(material, peerPublicKeyDer) {
      const secret = ecdhSharedSecret(material, peerPublicKeyDer)
      // AWS's wording for a bad peer key is not on record; this names the rule the caller broke.
      if (secret === null) throw new ValidationException(`PublicKey must be a DER-encoded X.509 public key on the curve of key spec ${spec}.`)
      return secret
    },
  }
}

/**
 * `slowRaw`: OpenSSL's ECDSA on this curve costs 0.5 ms or more (P-384, P-521, secp256k1: 0.6-4 ms to
 * sign or verify; P-256 ~0.1 ms), so RAW messages run on a crypto worker as DIGEST ones always do
 * (@noble/curves: 1.4-5 ms to sign, 3-20 ms to verify).
 */
function ecc(
  spec: KeySpec, curve: EcCurve, algorithm: SigningAlgorithmSpec, hash: EcdsaHash, agreement: boolean, slowRaw: boolean,
): KeySpecEntry {
  const slow: MessageType[] = slowRaw ? ['RAW', 'DIGEST'] : ['DIGEST']
  const ecdsa: SigningAlgorithm = {
    messageTypes: ['RAW', 'DIGEST'],
    digestBytes: HASH_BYTES[hash],
    sign: (material, message, type) => ecdsaSign(material, curve, hash, message, type === 'DIGEST'),
    verify: (spki, message, type, signature) => ecdsaVerify(spki, curve, hash, message, type === 'DIGEST', signature),
    offload: { sign: slow, verify: slow },
  }
  return {
    spec,
    usages: agreement ? ['SIGN_VERIFY', 'KEY_AGREEMENT'] : ['SIGN_VERIFY'],
    rotatable: false,
    generateMaterial: async () => generateKeyPairSync('ec', {
      namedCurve: curve,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    }).privateKey,
    publicKey: publicKeyDer,
    importing: pkcs8Import('ec', `${curve} EC`, CURVES[curve].pkcs8Bytes, (k) => k.curve === CURVES[curve].name),
    signing: signingCapability(spec, { [algorithm]: ecdsa }),
    ...(agreement ? { agreement: ecdh(spec) } : {}),
  }
}

export const ECC_NIST_P256 = ecc('ECC_NIST_P256', 'P-256', 'ECDSA_SHA_256', 'sha256', true, false)
export const ECC_NIST_P384 = ecc('ECC_NIST_P384', 'P-384', 'ECDSA_SHA_384', 'sha384', true, true)
export const ECC_NIST_P521 = ecc('ECC_NIST_P521', 'P-521', 'ECDSA_SHA_512', 'sha512', true, true)
export const ECC_SECG_P256K1 = ecc('ECC_SECG_P256K1', 'secp256k1', 'ECDSA_SHA_256', 'sha256', false, true)
