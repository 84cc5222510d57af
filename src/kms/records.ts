/** The persisted shape of the domain: what storage keeps for keys, material versions and aliases. */
import type { ExpirationModelType, GrantOperation, KeySpec, KeyUsageType, OriginType, KeyState, Tag, WrappingKeySpec, AlgorithmSpec } from '../api/generated/kms-model.js'

export interface KeyRecord {
  keyId: string
  accountId: string
  region: string
  arn: string
  createdAt: number
  description: string
  keySpec: KeySpec
  keyUsage: KeyUsageType
  origin: OriginType
  keyState: KeyState
  deletionDate?: number
  pendingWindowInDays?: number
  policy: string
  tags: Tag[]
  rotation: RotationSettings
  /** '' while a key with EXTERNAL origin has never had material imported. */
  currentMaterialId: string
  /**
   * EXTERNAL keys: the expiration of their permanently associated imported material (KeyMetadata
   * ExpirationModel and ValidTo, the earliest expiry), derived from the materials on every change.
   */
  expirationModel?: ExpirationModelType
  validTo?: number
  /** Incremented on every write; guards against lost updates when several writers share a store. */
  revision: number
}

export interface RotationSettings {
  enabled: boolean
  periodInDays?: number
  nextRotationAt?: number
  /** When the automatic schedule last started: rotation enabled, or the last automatic rotation. */
  anchorAt?: number
  onDemandCount: number
}

export type RotationType = 'AUTOMATIC' | 'ON_DEMAND'

export interface MaterialRecord {
  keyId: string
  /** 64 lowercase hex characters, as KeyMaterialId appears on the wire. */
  materialId: string
  /**
   * The material sealed by the keyring with AAD = key ARN and material id; null once imported material
   * was deleted (DeleteImportedKeyMaterial or expiry) until the same material is imported again.
   */
  sealed: Buffer | null
  createdAt: number
  /** How this version came to be; undefined for the key's first material and for pending imports. */
  rotationType?: RotationType
  /** When it became current by rotation, if not when it was created (imported material rotated in later). */
  rotatedAt?: number
  /** Present for material of EXTERNAL keys. */
  imported?: ImportedMaterial
}

export interface ImportedMaterial {
  description?: string
  expirationModel: ExpirationModelType
  /** KEY_MATERIAL_EXPIRES only: when the expiry job deletes it. */
  validTo?: number
  /** Imported as NEW_KEY_MATERIAL and not yet made current by RotateKeyOnDemand (PENDING_ROTATION). */
  pendingRotation?: boolean
}

/** One GetParametersForImport answer: the wrapping private key, sealed, until it is used or expires. */
export interface ImportParametersRecord {
  /** Random 32 hex characters; the import token names it. */
  tokenId: string
  keyId: string
  wrappingAlgorithm: AlgorithmSpec
  wrappingKeySpec: WrappingKeySpec
  /** PKCS#8 DER sealed by the keyring with AAD = key ARN and token id. */
  sealedPrivateKey: Buffer
  expiresAt: number
}

export interface AliasRecord {
  accountId: string
  region: string
  aliasName: string
  targetKeyId: string
  createdAt: number
  updatedAt: number
}

/** One grant on one key (AWS KMS Developer Guide, "Grants in AWS KMS"). Grants never expire by themselves. */
export interface GrantRecord {
  /** 64 lowercase hex characters, as AWS shows grant ids. */
  grantId: string
  keyId: string
  /** The key's account and Region (ListRetirableGrants lists one account's grants). */
  accountId: string
  region: string
  /** The CreateGrant Name, when given: the idempotency handle. */
  name?: string
  granteePrincipal: string
  retiringPrincipal?: string
  /** Grant operation names as on the wire, e.g. `Decrypt`, `ReEncryptFrom`. */
  operations: GrantOperation[]
  constraints?: { encryptionContextEquals?: Record<string, string>; encryptionContextSubset?: Record<string, string> }
  /** The account id (12 digits) of the principal that created the grant. */
  issuingAccount: string
  createdAt: number
}
