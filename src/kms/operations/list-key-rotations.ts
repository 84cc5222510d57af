/** ListKeyRotations: completed rotations (or, with ALL_KEY_MATERIAL, every material version), oldest first. */
import { authorizedKey } from '../authz/authorized-key.js'
import type { RotationsListEntry } from '../../api/generated/kms-model.js'
import type { OperationHandler } from '../context.js'
import type { MaterialRecord } from '../records.js'
import { assertKeyState } from '../key-state.js'
import { decodeMarker, page } from '../paging.js'
import { assertRotatable } from '../rotation.js'

export const listKeyRotations: OperationHandler<'ListKeyRotations'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'ListKeyRotations', input, { aliases: false })
  assertKeyState(key, 'rotationStatus')
  assertRotatable(key, 'onDemand')
  const limit = input.Limit ?? 100
  const after = decodeMarker(`ListKeyRotations/${key.keyId}`, input.Marker)
  const all = await ctx.keys.store.read.listMaterials(key.keyId)
  const shown = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL' ? all : all.filter((m) => m.rotationType !== undefined)
  const start = after === undefined ? 0 : shown.findIndex((m) => m.materialId === after) + 1
  const { items, ...rest } = page(shown.slice(start, start + limit + 1), limit, `ListKeyRotations/${key.keyId}`, (m) => m.materialId)
  const rotations: RotationsListEntry[] = items.map((m) => ({
    KeyId: key.keyId,
    KeyMaterialId: m.materialId,
    ...importFields(m),
    KeyMaterialState: m.imported?.pendingRotation ? 'PENDING_ROTATION' : m.materialId === key.currentMaterialId ? 'CURRENT' : 'NON_CURRENT',
    ...(m.rotationType ? { RotationDate: new Date(m.rotatedAt ?? m.createdAt), RotationType: m.rotationType } : {}),
  }))
  return { Rotations: rotations, ...rest }
}

/** Present only for symmetric keys with EXTERNAL origin (API reference, RotationsListEntry). */
function importFields(m: MaterialRecord): Partial<RotationsListEntry> {
  if (!m.imported) return {}
  const { description, expirationModel, validTo } = m.imported
  return {
    ...(description !== undefined ? { KeyMaterialDescription: description } : {}),
    ImportState: m.sealed === null ? 'PENDING_IMPORT' : 'IMPORTED',
    ExpirationModel: expirationModel,
    ...(validTo !== undefined ? { ValidTo: new Date(validTo) } : {}),
  }
}
