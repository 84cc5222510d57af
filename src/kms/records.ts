/** The persisted shape of the domain: what storage keeps for keys, material versions and aliases. */
import type { KeySpec, KeyUsageType, OriginType, KeyState, Tag } from '../api/generated/kms-model.js'

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
  currentMaterialId: string
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
  /** The 256-bit material sealed by the keyring with AAD = key ARN and material id. */
  sealed: Buffer
  createdAt: number
  /** How this version came to be; undefined for the key's first material. */
  rotationType?: RotationType
}

export interface AliasRecord {
  accountId: string
  region: string
  aliasName: string
  targetKeyId: string
  createdAt: number
  updatedAt: number
}
