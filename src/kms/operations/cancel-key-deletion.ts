/** CancelKeyDeletion: a key pending deletion comes back Disabled, as in AWS. */
import type { OperationHandler } from '../context.js'
import { assertKeyState } from '../key-state.js'
import { resolveKey } from '../resolve-key.js'

export const cancelKeyDeletion: OperationHandler<'CancelKeyDeletion'> = async (ctx, caller, input) => {
  const target = await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'cancel')
    const { deletionDate: _d, pendingWindowInDays: _p, ...rest } = key
    return { key: { ...rest, keyState: 'Disabled' }, result: { KeyId: key.arn } }
  })
}
