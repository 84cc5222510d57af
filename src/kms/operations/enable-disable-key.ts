/** EnableKey and DisableKey: toggle between Enabled and Disabled; other states refuse. */
import type { KeyState } from '../../api/generated/kms-model.js'
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import { assertKeyState } from '../key-state.js'
import { authorizedKey } from '../authz/authorized-key.js'

async function setEnabled(ctx: KmsContext, caller: Caller, keyIdInput: string, state: KeyState): Promise<Record<string, never>> {
  const target = await authorizedKey(ctx, caller, state === 'Enabled' ? 'EnableKey' : 'DisableKey', { KeyId: keyIdInput }, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'enableDisable')
    return { key: key.keyState === state ? undefined : { ...key, keyState: state }, result: {} }
  })
}

export const enableKey: OperationHandler<'EnableKey'> = (ctx, caller, input) => setEnabled(ctx, caller, input.KeyId, 'Enabled')
export const disableKey: OperationHandler<'DisableKey'> = (ctx, caller, input) => setEnabled(ctx, caller, input.KeyId, 'Disabled')
