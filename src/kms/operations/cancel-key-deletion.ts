/**
 * CancelKeyDeletion: a key pending deletion comes back Disabled, as in AWS; an EXTERNAL key missing
 * any of its imported material comes back PendingImport instead (AWS KMS Developer Guide, key states).
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { settleImportedKey } from '../import/imported-state.js'
import { assertKeyState } from '../key-state.js'
import type { KeyRecord } from '../records.js'

export const cancelKeyDeletion: OperationHandler<'CancelKeyDeletion'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'CancelKeyDeletion', input, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key, tx) => {
    assertKeyState(key, 'cancel')
    const { deletionDate: _d, pendingWindowInDays: _p, ...rest } = key
    const disabled: KeyRecord = { ...rest, keyState: 'Disabled' }
    const restored = key.origin === 'EXTERNAL' ? settleImportedKey(disabled, await tx.listMaterials(key.keyId)) : disabled
    return { key: restored, result: { KeyId: key.arn } }
  })
}
