/**
 * DeleteImportedKeyMaterial: the key becomes unusable (PendingImport, unless it is pending deletion)
 * until the same material is imported again.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { deleteImportedMaterial } from '../import/delete-material.js'
import { assertExternal } from '../import/external-key.js'
import { assertKeyState } from '../key-state.js'

export const deleteImportedKeyMaterial: OperationHandler<'DeleteImportedKeyMaterial'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'DeleteImportedKeyMaterial', input, { aliases: false })
  assertExternal(target)
  assertKeyState(target, 'deleteImported')
  const { key, materialId } = await deleteImportedMaterial(ctx, caller.audit, target, input.KeyMaterialId, (current) => {
    assertExternal(current)
    assertKeyState(current, 'deleteImported')
  })
  return { KeyId: key.arn, KeyMaterialId: materialId }
}
