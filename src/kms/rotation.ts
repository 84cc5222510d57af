/**
 * Rotation appends a material version and makes it current; nothing but key deletion removes one, so
 * every ciphertext made before still decrypts. Used by RotateKeyOnDemand and the automatic job. A key with
 * imported material rotates to material imported for the purpose (PENDING_ROTATION) instead of new material.
 */
import type { AuditScope } from '../audit/audit-scope.js'
import type { KmsContext } from './context.js'
import { KMSInvalidStateException, UnsupportedOperationException } from './errors.js'
import { keySpecEntry } from './key-specs.js'
import type { StoreTx } from '../storage/types.js'
import { settleImportedKey } from './import/imported-state.js'
import type { KeyRecord, MaterialRecord, RotationType } from './records.js'

export const DAY_MS = 24 * 60 * 60 * 1000
export const DEFAULT_ROTATION_PERIOD_DAYS = 365

/**
 * AWS rotates only symmetric encryption keys. Automatic rotation needs AWS_KMS origin; on-demand
 * rotation and ListKeyRotations also take EXTERNAL keys (they rotate to material imported for it).
 */
export function assertRotatable(key: KeyRecord, kind: 'automatic' | 'onDemand' = 'automatic'): void {
  if (!keySpecEntry(key.keySpec).rotatable) {
    throw new UnsupportedOperationException(`Key rotation is supported only for symmetric encryption keys; ${key.arn} has key spec ${key.keySpec}.`)
  }
  const origins = kind === 'automatic' ? ['AWS_KMS'] : ['AWS_KMS', 'EXTERNAL']
  if (!origins.includes(key.origin)) throw new UnsupportedOperationException(`${key.arn} origin is ${key.origin} which is not valid for this operation.`)
}

/**
 * Makes new current material for `key`. For AUTOMATIC rotation the schedule moves one period on; an
 * ON_DEMAND rotation leaves the schedule alone and counts against the per-key limit.
 */
export async function rotate(ctx: KmsContext, audit: AuditScope, target: KeyRecord, type: RotationType, check: (key: KeyRecord) => void): Promise<KeyRecord> {
  return ctx.keys.update(audit, target, async (key, tx) => {
    check(key)
    const now = ctx.clock.now()
    const material = key.origin === 'EXTERNAL' ? await promotePendingImport(key, tx, type, now) : await addGenerated(ctx, key, tx, type)
    const rotation = type === 'AUTOMATIC'
      ? { ...key.rotation, anchorAt: now, nextRotationAt: now + (key.rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS) * DAY_MS }
      : { ...key.rotation, onDemandCount: key.rotation.onDemandCount + 1 }
    const rotated: KeyRecord = { ...key, currentMaterialId: material.materialId, rotation }
    // The promoted imported material is now permanently associated: its expiry counts for the key.
    const updated = key.origin === 'EXTERNAL' ? settleImportedKey(rotated, await tx.listMaterials(key.keyId)) : rotated
    return { key: updated, result: updated }
  })
}

async function addGenerated(ctx: KmsContext, key: KeyRecord, tx: StoreTx, type: RotationType): Promise<MaterialRecord> {
  const plaintext = await keySpecEntry(key.keySpec).generateMaterial()
  const material = await ctx.keys.sealMaterial(key, plaintext, type)
  plaintext.fill(0)
  await tx.addMaterial(material)
  return material
}

/**
 * An EXTERNAL key rotates to the material imported for it with NEW_KEY_MATERIAL (API reference,
 * RotateKeyOnDemand: it "should be" in PENDING_ROTATION); the message for its absence is Trent's.
 */
async function promotePendingImport(key: KeyRecord, tx: StoreTx, type: RotationType, now: number): Promise<MaterialRecord> {
  const pending = (await tx.listMaterials(key.keyId)).find((m) => m.imported?.pendingRotation)
  if (!pending || pending.sealed === null) {
    throw new KMSInvalidStateException(`${key.arn} has no imported key material in PENDING_ROTATION state. Import new key material with ImportType NEW_KEY_MATERIAL first.`)
  }
  const { pendingRotation: _p, ...imported } = pending.imported!
  const promoted: MaterialRecord = { ...pending, rotationType: type, rotatedAt: now, imported }
  await tx.updateMaterial(promoted)
  return promoted
}
