/**
 * What an EXTERNAL key's record says about its imported material, derived from the materials after
 * every change (import, deletion, expiry, rotation), so it can never drift from them:
 * - the key is PendingImport while any material permanently associated with it (every one but those
 *   waiting in PENDING_ROTATION) is not held (AWS ImportKeyMaterial: "you will need to import all of the
 *   key materials associated with the KMS key to change its state to Enabled"); a key pending deletion
 *   keeps that state (DeleteImportedKeyMaterial);
 * - ExpirationModel and ValidTo: the earliest expiry of the held, permanently associated materials
 *   (KeyMetadata ValidTo: "the earliest time at which any imported key material ... expires").
 */
import type { KeyRecord, MaterialRecord } from '../records.js'

export function settleImportedKey(key: KeyRecord, materials: readonly MaterialRecord[]): KeyRecord {
  const permanent = materials.filter((m) => !m.imported?.pendingRotation)
  const held = permanent.filter((m) => m.sealed !== null)
  const complete = permanent.length > 0 && held.length === permanent.length
  let keyState = key.keyState
  if (keyState !== 'PendingDeletion') {
    if (!complete) keyState = 'PendingImport'
    else if (keyState === 'PendingImport') keyState = 'Enabled'
  }
  const expiries = held.map((m) => m.imported?.validTo).filter((t): t is number => t !== undefined)
  const { expirationModel: _m, validTo: _v, ...rest } = key
  return {
    ...rest,
    keyState,
    ...(held.length === 0 ? {} : expiries.length > 0
      ? { expirationModel: 'KEY_MATERIAL_EXPIRES' as const, validTo: Math.min(...expiries) }
      : { expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const }),
  }
}
