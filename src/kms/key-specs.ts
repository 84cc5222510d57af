/**
 * One registry entry per KeySpec: its usages, which operations it supports (as capability objects that
 * carry their algorithms), and how its material is made. Callers receive the resolved entry and ask it;
 * nothing outside the registry switches on spec names.
 *
 * Material is always a Buffer as sealed at rest: 32 random bytes for SYMMETRIC_DEFAULT, raw key bytes
 * for HMAC, PKCS#8 DER for RSA/ECC/Ed25519, the 32-byte seed for ML-DSA. Capabilities receive the
 * material Buffer the key repository caches (stable identity), so they may cache parsed KeyObjects in a
 * WeakMap keyed by it.
 */
import type {
  EncryptionAlgorithmSpec, KeyAgreementAlgorithmSpec, KeyMetadata, KeySpec, KeyUsageType, MacAlgorithmSpec,
  MessageType, SigningAlgorithmSpec,
} from '../api/generated/kms-model.js'
import { UnsupportedOperationException, ValidationException } from './errors.js'
import { ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1 } from './specs/ecc.js'
import { ECC_NIST_EDWARDS25519 } from './specs/ed25519.js'
import { HMAC_224, HMAC_256, HMAC_384, HMAC_512 } from './specs/hmac.js'
import { ML_DSA_44, ML_DSA_65, ML_DSA_87 } from './specs/ml-dsa.js'
import { RSA_2048, RSA_3072, RSA_4096 } from './specs/rsa.js'
import { SYMMETRIC_DEFAULT } from './specs/symmetric.js'

export interface EncryptionCapability {
  readonly algorithms: readonly EncryptionAlgorithmSpec[]
  /** Present for asymmetric (RSA) keys; symmetric encryption uses the ciphertext format of ciphertext.ts. */
  readonly asymmetric?: {
    maxPlaintextBytes(algorithm: EncryptionAlgorithmSpec): number
    encrypt(publicKeyDer: Buffer, algorithm: EncryptionAlgorithmSpec, plaintext: Buffer): Buffer
    /** null when the ciphertext does not decrypt (the caller answers InvalidCiphertextException). */
    decrypt(material: Buffer, algorithm: EncryptionAlgorithmSpec, ciphertext: Buffer): Buffer | null
    /** Whether decrypt (a private-key operation) is slow enough to run on a crypto worker. */
    readonly offloadDecrypt?: boolean
  }
}

export interface SigningCapability {
  readonly algorithms: readonly SigningAlgorithmSpec[]
  /** Message types each algorithm accepts (RAW and DIGEST for most; EXTERNAL_MU only for ML-DSA). */
  messageTypes(algorithm: SigningAlgorithmSpec): readonly MessageType[]
  /** Digest length in bytes a DIGEST message must have for `algorithm`. */
  digestBytes(algorithm: SigningAlgorithmSpec): number | undefined
  sign(material: Buffer, algorithm: SigningAlgorithmSpec, message: Buffer, messageType: MessageType): Buffer
  verify(publicKeyDer: Buffer, algorithm: SigningAlgorithmSpec, message: Buffer, messageType: MessageType, signature: Buffer): boolean
  /**
   * Whether this sign or verify is slow enough (about half a millisecond or more, several times the cost
   * of a hop to a worker thread) to run on a crypto worker instead of the event loop.
   */
  offload(operation: 'sign' | 'verify', algorithm: SigningAlgorithmSpec, messageType: MessageType): boolean
}

export interface MacCapability {
  readonly algorithms: readonly MacAlgorithmSpec[]
  mac(material: Buffer, algorithm: MacAlgorithmSpec, message: Buffer): Buffer
}

export interface AgreementCapability {
  readonly algorithms: readonly KeyAgreementAlgorithmSpec[]
  /** The raw shared secret with the peer's DER SubjectPublicKeyInfo; throws ValidationException on a bad peer key. */
  derive(material: Buffer, peerPublicKeyDer: Buffer): Buffer
}

/** How a spec takes imported (or seeded) material; specs without it cannot be imported. */
export interface MaterialImport {
  /** The material as Trent seals it (PKCS#8 re-encoded by OpenSSL), or why it does not fit the spec. */
  parse(material: Buffer): { material: Buffer } | { problem: string }
  /** The longest material of this spec, in bytes: RSAES wrapping refuses specs one OAEP block cannot hold. */
  readonly maxBytes: number
}

export interface KeySpecEntry {
  readonly spec: KeySpec
  readonly usages: readonly KeyUsageType[]
  /** Only symmetric encryption keys may be created without a KeyUsage. */
  readonly defaultUsage?: KeyUsageType
  /** Automatic and on-demand rotation (AWS: symmetric encryption keys only). */
  readonly rotatable: boolean
  /** Asynchronous so that slow generators (RSA) run off the event loop. */
  generateMaterial(): Promise<Buffer>
  /** DER SubjectPublicKeyInfo of the material: asymmetric specs only. */
  publicKey?(material: Buffer): Buffer
  readonly encryption?: EncryptionCapability
  readonly signing?: SigningCapability
  readonly mac?: MacCapability
  readonly agreement?: AgreementCapability
  readonly importing?: MaterialImport
}

// SM2 (China Regions only) is deliberately absent: keySpecEntry answers UnsupportedOperationException.
const REGISTRY: Partial<Record<KeySpec, KeySpecEntry>> = Object.fromEntries(
  [
    SYMMETRIC_DEFAULT,
    RSA_2048, RSA_3072, RSA_4096,
    ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, ECC_NIST_EDWARDS25519,
    ML_DSA_44, ML_DSA_65, ML_DSA_87,
    HMAC_224, HMAC_256, HMAC_384, HMAC_512,
  ].map((e) => [e.spec, e]),
)

export function keySpecEntry(spec: KeySpec): KeySpecEntry {
  const entry = REGISTRY[spec]
  if (!entry) throw new UnsupportedOperationException(`KeySpec ${spec} is not supported by this version of Trent. Supported: ${Object.keys(REGISTRY).join(', ')}.`)
  return entry
}

/** Checks the KeyUsage requested with a spec, as CreateKey does. */
export function usageFor(entry: KeySpecEntry, requested: KeyUsageType | undefined): KeyUsageType {
  const usage = requested ?? entry.defaultUsage
  if (usage === undefined) throw new ValidationException('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.')
  if (!entry.usages.includes(usage)) throw new ValidationException(`KeyUsage ${usage} is not compatible with KeySpec ${entry.spec}`)
  return usage
}

/** The algorithm lists DescribeKey shows for a key of this spec and usage. */
export function algorithmLists(entry: KeySpecEntry, usage: KeyUsageType): Partial<KeyMetadata> {
  switch (usage) {
    case 'ENCRYPT_DECRYPT': return entry.encryption ? { EncryptionAlgorithms: [...entry.encryption.algorithms] } : {}
    case 'SIGN_VERIFY': return entry.signing ? { SigningAlgorithms: [...entry.signing.algorithms] } : {}
    case 'GENERATE_VERIFY_MAC': return entry.mac ? { MacAlgorithms: [...entry.mac.algorithms] } : {}
    case 'KEY_AGREEMENT': return entry.agreement ? { KeyAgreementAlgorithms: [...entry.agreement.algorithms] } : {}
  }
}
