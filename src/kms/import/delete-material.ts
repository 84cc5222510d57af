/**
 * Deleting imported material (DeleteImportedKeyMaterial, and the import-expiry job when ValidTo
 * passes): its sealed bytes go, its row stays (id, description, expiry) so that importing the same
 * material again restores it, and old ciphertexts decrypt again. The key settles to PendingImport.
 */
import type { AuditScope } from '../../audit/audit-scope.js'
import type { KmsContext } from '../context.js'
import { KMSInvalidStateException, NotFoundException } from '../errors.js'
import type { KeyRecord, MaterialRecord } from '../records.js'
import { settleImportedKey } from './imported-state.js'

export interface Deleted { key: KeyRecord; materialId: string }

/**
 * Deletes `materialId` (default: the current material) of `target`, with `audit`'s record in the transaction. `check` runs inside the
 * transaction on the committed key and material and may throw to abort (the job re-checks expiry).
 */
export async function deleteImportedMaterial(
  ctx: KmsContext, audit: AuditScope, target: KeyRecord, materialId: string | undefined, check: (key: KeyRecord, material: MaterialRecord) => void = () => {},
): Promise<Deleted> {
  const deleted = await ctx.keys.update(audit, target, async (key, tx) => {
    const id = materialId ?? key.currentMaterialId
    const materials = await tx.listMaterials(key.keyId)
    const material = materials.find((m) => m.materialId === id)
    // Best-guess messages: AWS's wording for these two cases is not on record.
    if (!material) {
      if (materialId === undefined) throw new KMSInvalidStateException(`${key.arn} is pending import.`)
      throw new NotFoundException(`Key material ${materialId} is not associated with ${key.arn}.`)
    }
    if (material.sealed === null) throw new KMSInvalidStateException(`Key material ${id} of ${key.arn} is already deleted (pending import).`)
    check(key, material)
    const gone: MaterialRecord = { ...material, sealed: null }
    await tx.updateMaterial(gone)
    const settled = settleImportedKey(key, materials.map((m) => (m === material ? gone : m)))
    return { key: settled, result: { key: settled, materialId: id } }
  })
  ctx.keys.forgetMaterial(target.keyId, deleted.materialId)
  return deleted
}
