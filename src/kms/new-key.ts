/**
 * A new key's record and its first material, shared by CreateKey and the seed file: fresh generated
 * material for AWS_KMS origin; none for EXTERNAL origin, which waits in PendingImport for an import.
 */
import type { KeyUsageType, OriginType, Tag } from '../api/generated/kms-model.js'
import { keyArn } from './arns.js'
import type { AuditScope } from '../audit/audit-scope.js'
import type { KmsContext } from './context.js'
import { defaultKeyPolicy } from './default-policy.js'
import type { KeySpecEntry } from './key-specs.js'
import type { KeyRecord, RotationSettings } from './records.js'

export interface NewKey {
  keyId: string
  accountId: string
  entry: KeySpecEntry
  keyUsage: KeyUsageType
  origin: OriginType
  description: string
  policy?: string
  tags: Tag[]
  rotation?: RotationSettings
}

export function newKeyRecord(ctx: KmsContext, k: NewKey): KeyRecord {
  return {
    keyId: k.keyId,
    accountId: k.accountId,
    region: ctx.region,
    arn: keyArn(ctx.region, k.accountId, k.keyId),
    createdAt: ctx.clock.now(),
    description: k.description,
    keySpec: k.entry.spec,
    keyUsage: k.keyUsage,
    origin: k.origin,
    // An EXTERNAL key has no material until ImportKeyMaterial (AWS: state PendingImport).
    keyState: k.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    policy: k.policy ?? defaultKeyPolicy(k.accountId),
    tags: k.tags,
    rotation: k.rotation ?? { enabled: false, onDemandCount: 0 },
    currentMaterialId: '',
    revision: 1,
  }
}

/** Stores `record` with generated material (AWS_KMS origin) or none (EXTERNAL) and `audit`'s record; returns the stored record. */
export async function storeNewKey(ctx: KmsContext, audit: AuditScope, record: KeyRecord, entry: KeySpecEntry): Promise<KeyRecord> {
  if (record.origin === 'EXTERNAL') {
    await ctx.keys.create(audit, record, undefined)
    return record
  }
  const plaintext = await entry.generateMaterial()
  const material = await ctx.keys.sealMaterial(record, plaintext)
  plaintext.fill(0)
  const stored = { ...record, currentMaterialId: material.materialId }
  await ctx.keys.create(audit, stored, material)
  return stored
}
