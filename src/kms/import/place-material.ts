/**
 * The second half of ImportKeyMaterial (and how the seed file gives keys their material): in one
 * transaction, find where the material belongs by its derived KeyMaterialId, seal it, and settle the
 * key's state and expiry. AWS rules (API reference, ImportKeyMaterial ImportType / KeyMaterialId):
 * - NEW_KEY_MATERIAL is the default for a key that never had material, EXISTING_KEY_MATERIAL after;
 * - new material for a key that has some waits in PENDING_ROTATION until RotateKeyOnDemand (symmetric
 *   encryption keys only; asymmetric and HMAC keys keep their first material for life);
 * - existing material must be the very material the key had (IncorrectKeyMaterialException otherwise).
 */
import type { ExpirationModelType, ImportType } from '../../api/generated/kms-model.js'
import type { AuditScope } from '../../audit/audit-scope.js'
import type { KmsContext } from '../context.js'
import { IncorrectKeyMaterialException, KMSInvalidStateException, UnsupportedOperationException, ValidationException } from '../errors.js'
import { keySpecEntry } from '../key-specs.js'
import type { ImportedMaterial, KeyRecord, MaterialRecord } from '../records.js'
import { sameMaterialId } from './import-secrets.js'
import { invalidToken } from './open-import.js'
import { settleImportedKey } from './imported-state.js'

export interface MaterialPlacement {
  material: Buffer
  importType?: ImportType
  keyMaterialId?: string
  description?: string
  expirationModel: ExpirationModelType
  validTo?: number
  /** The import parameters this import used: deleted in the same transaction (one use each). */
  tokenId?: string
}

export interface Placed { key: KeyRecord; materialId: string }

const notTheSameMaterial = (): IncorrectKeyMaterialException =>
  new IncorrectKeyMaterialException('The key material in the request is not the same key material that was previously imported into this KMS key.')

export async function placeImportedMaterial(ctx: KmsContext, audit: AuditScope, target: KeyRecord, req: MaterialPlacement): Promise<Placed> {
  const materialId = await ctx.imports.materialId(target.keyId, req.material)
  const rotatable = keySpecEntry(target.keySpec).rotatable
  return ctx.keys.update(audit, target, async (key, tx) => {
    const materials = await tx.listMaterials(key.keyId)
    const importType = req.importType ?? (materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL')
    const existing = materials.find((m) => sameMaterialId(m.materialId, materialId))
    let updated: MaterialRecord[]
    if (importType === 'NEW_KEY_MATERIAL') {
      if (req.keyMaterialId !== undefined) throw new ValidationException('You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL.')
      if (existing) throw new IncorrectKeyMaterialException('The key material in the request is already associated with this KMS key. Import it with ImportType EXISTING_KEY_MATERIAL.')
      if (materials.length > 0 && !rotatable) {
        throw new UnsupportedOperationException(`${key.arn} has key spec ${key.keySpec}, whose key material cannot change after the first import.`)
      }
      if (materials.some((m) => m.imported?.pendingRotation)) {
        throw new KMSInvalidStateException(`${key.arn} already has key material in PENDING_ROTATION state. Rotate to it with RotateKeyOnDemand, or delete it, before importing other new key material.`)
      }
      const sealed = await ctx.keys.sealMaterial(key, req.material, undefined, materialId)
      const added: MaterialRecord = { ...sealed, imported: importDetails(req, undefined, materials.length > 0) }
      await tx.addMaterial(added)
      updated = [...materials, added]
    } else {
      if (!existing || (req.keyMaterialId !== undefined && !sameMaterialId(req.keyMaterialId, materialId))) throw notTheSameMaterial()
      const { sealed } = await ctx.keys.sealMaterial(key, req.material, undefined, materialId)
      const replaced: MaterialRecord = { ...existing, sealed, imported: importDetails(req, existing.imported, existing.imported?.pendingRotation ?? false) }
      await tx.updateMaterial(replaced)
      updated = materials.map((m) => (m === existing ? replaced : m))
    }
    // The token was checked before the transaction; a concurrent import with it may have used it since.
    if (req.tokenId !== undefined && !(await tx.deleteImportParameters(req.tokenId))) throw invalidToken()
    const settled = settleImportedKey({ ...key, currentMaterialId: key.currentMaterialId || materialId }, updated)
    return { key: settled, result: { key: settled, materialId } }
  })
}

/** A re-import without a description keeps the one given before (API reference, KeyMaterialDescription). */
function importDetails(req: MaterialPlacement, before: ImportedMaterial | undefined, pendingRotation: boolean): ImportedMaterial {
  const description = req.description ?? before?.description
  return {
    ...(description !== undefined ? { description } : {}),
    expirationModel: req.expirationModel,
    ...(req.validTo !== undefined ? { validTo: req.validTo } : {}),
    ...(pendingRotation ? { pendingRotation: true } : {}),
  }
}
