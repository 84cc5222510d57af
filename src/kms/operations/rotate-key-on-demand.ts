/**
 * RotateKeyOnDemand. AWS runs it in the background and shows OnDemandRotationStartDate until it ends;
 * Trent completes the rotation before answering, so the new material is current at once and that
 * field never appears.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { LimitExceededException } from '../errors.js'
import { assertKeyState } from '../key-state.js'
import { assertRotatable, rotate } from '../rotation.js'

/** AWS KMS Developer Guide, "On-demand key rotation": up to 25 per key over its lifetime. */
export const MAX_ON_DEMAND_ROTATIONS = 25

export const rotateKeyOnDemand: OperationHandler<'RotateKeyOnDemand'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'RotateKeyOnDemand', input, { aliases: false })
  const key = await rotate(ctx, caller.audit, target, 'ON_DEMAND', (current) => {
    assertKeyState(current, 'use')
    assertRotatable(current, 'onDemand')
    if (current.rotation.onDemandCount >= MAX_ON_DEMAND_ROTATIONS) {
      throw new LimitExceededException(`The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${current.arn}`)
    }
  })
  return { KeyId: key.arn }
}
