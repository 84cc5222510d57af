/** UpdateKeyDescription. */
import type { OperationHandler } from '../context.js'
import { assertKeyState } from '../key-state.js'
import { resolveKey } from '../resolve-key.js'

export const updateKeyDescription: OperationHandler<'UpdateKeyDescription'> = async (ctx, caller, input) => {
  const target = await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'manage')
    return { key: { ...key, description: input.Description }, result: {} }
  })
}
