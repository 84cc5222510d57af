/**
 * ImportKeyMaterial: validate the expiration settings, open the token and unwrap the material
 * (import/open-import.ts), then place it (import/place-material.ts). The wrapping key is deleted in the
 * same transaction that stores the material.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { ImportKeyMaterialRequest } from '../../api/generated/kms-model.js'
import type { OperationHandler } from '../context.js'
import { ValidationException } from '../errors.js'
import { assertExternal } from '../import/external-key.js'
import { openImport } from '../import/open-import.js'
import { placeImportedMaterial } from '../import/place-material.js'
import { keySpecEntry } from '../key-specs.js'
import { assertKeyState } from '../key-state.js'
import { DAY_MS } from '../rotation.js'

/** API reference, ImportKeyMaterial ValidTo: "The maximum value is 365 days from the request date." */
const MAX_VALID_TO_MS = 365 * DAY_MS

export const importKeyMaterial: OperationHandler<'ImportKeyMaterial'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'ImportKeyMaterial', input, { aliases: false })
  assertExternal(key)
  assertKeyState(key, 'import')
  const entry = keySpecEntry(key.keySpec)
  if (!entry.rotatable && (input.KeyMaterialId !== undefined || input.KeyMaterialDescription !== undefined)) {
    throw new ValidationException('KeyMaterialId and KeyMaterialDescription are only valid for symmetric encryption KMS keys.')
  }
  const expiry = expirationOf(input, ctx.clock.now())
  const { tokenId, material } = await openImport(ctx, key, entry, Buffer.from(input.ImportToken), Buffer.from(input.EncryptedKeyMaterial))
  try {
    const placed = await placeImportedMaterial(ctx, caller.audit, key, {
      material, tokenId, ...expiry,
      ...(input.ImportType !== undefined ? { importType: input.ImportType } : {}),
      ...(input.KeyMaterialId !== undefined ? { keyMaterialId: input.KeyMaterialId } : {}),
      ...(input.KeyMaterialDescription !== undefined ? { description: input.KeyMaterialDescription } : {}),
    })
    // Only symmetric encryption keys show their material ids (as CurrentKeyMaterialId does).
    return { KeyId: placed.key.arn, ...(entry.rotatable ? { KeyMaterialId: placed.materialId } : {}) }
  } finally {
    material.fill(0)
  }
}

/** AWS rules for ExpirationModel (default KEY_MATERIAL_EXPIRES) and ValidTo; the messages are Trent's. */
function expirationOf(input: ImportKeyMaterialRequest, now: number): { expirationModel: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'; validTo?: number } {
  const expirationModel = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES'
  if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (input.ValidTo !== undefined) throw new ValidationException('ValidTo must not be specified when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.')
    return { expirationModel }
  }
  if (input.ValidTo === undefined) throw new ValidationException('ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.')
  const validTo = new Date(input.ValidTo).getTime()
  if (!(validTo > now)) throw new ValidationException('ValidTo must be a date and time in the future.')
  if (validTo > now + MAX_VALID_TO_MS) throw new ValidationException('ValidTo must be no more than 365 days from the request date.')
  return { expirationModel, validTo }
}
