/** UpdateKeyDescription. */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { assertKeyState } from '../key-state.js'

export const updateKeyDescription: OperationHandler<'UpdateKeyDescription'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'UpdateKeyDescription', input, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'manage')
    return { key: { ...key, description: input.Description }, result: {} }
  })
}
