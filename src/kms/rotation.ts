/**
 * Rotation appends a material version and makes it current; nothing but key deletion removes one, so
 * every ciphertext made before still decrypts. Used by RotateKeyOnDemand and the automatic job.
 */
import type { AuditScope } from '../audit/audit-scope.js'
import type { KmsContext } from './context.js'
import { UnsupportedOperationException } from './errors.js'
import { keySpecEntry } from './key-specs.js'
import type { KeyRecord, RotationType } from './records.js'

export const DAY_MS = 24 * 60 * 60 * 1000
export const DEFAULT_ROTATION_PERIOD_DAYS = 365

/** AWS rotates only symmetric encryption keys with AWS_KMS origin (imported material arrives later). */
export function assertRotatable(key: KeyRecord): void {
  if (!keySpecEntry(key.keySpec).rotatable) {
    throw new UnsupportedOperationException(`Key rotation is supported only for symmetric encryption keys; ${key.arn} has key spec ${key.keySpec}.`)
  }
  if (key.origin !== 'AWS_KMS') throw new UnsupportedOperationException(`${key.arn} origin is ${key.origin} which is not valid for this operation.`)
}

/**
 * Makes new current material for `key`. For AUTOMATIC rotation the schedule moves one period on; an
 * ON_DEMAND rotation leaves the schedule alone and counts against the per-key limit.
 */
export async function rotate(ctx: KmsContext, audit: AuditScope, target: KeyRecord, type: RotationType, check: (key: KeyRecord) => void): Promise<KeyRecord> {
  return ctx.keys.update(audit, target, async (key, tx) => {
    check(key)
    const plaintext = await keySpecEntry(key.keySpec).generateMaterial()
    const material = await ctx.keys.sealMaterial(key, plaintext, type)
    plaintext.fill(0)
    await tx.addMaterial(material)
    const now = ctx.clock.now()
    const rotation = type === 'AUTOMATIC'
      ? { ...key.rotation, anchorAt: now, nextRotationAt: now + (key.rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS) * DAY_MS }
      : { ...key.rotation, onDemandCount: key.rotation.onDemandCount + 1 }
    const updated: KeyRecord = { ...key, currentMaterialId: material.materialId, rotation }
    return { key: updated, result: updated }
  })
}
