/** EnableKeyRotation, DisableKeyRotation and GetKeyRotationStatus: the automatic rotation schedule. */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { assertKeyState } from '../key-state.js'
import { assertRotatable, DAY_MS, DEFAULT_ROTATION_PERIOD_DAYS } from '../rotation.js'

export const enableKeyRotation: OperationHandler<'EnableKeyRotation'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'EnableKeyRotation', input, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'use')
    assertRotatable(key)
    const now = ctx.clock.now()
    const periodInDays = input.RotationPeriodInDays ?? (key.rotation.enabled ? key.rotation.periodInDays : undefined) ?? DEFAULT_ROTATION_PERIOD_DAYS
    // A new period on an enabled key re-times the schedule from its last start; enabling starts it now.
    const anchorAt = key.rotation.enabled ? key.rotation.anchorAt ?? now : now
    const nextRotationAt = Math.max(now, anchorAt + periodInDays * DAY_MS)
    return { key: { ...key, rotation: { ...key.rotation, enabled: true, periodInDays, anchorAt, nextRotationAt } }, result: {} }
  })
}

export const disableKeyRotation: OperationHandler<'DisableKeyRotation'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'DisableKeyRotation', input, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'use')
    assertRotatable(key)
    const { periodInDays: _p, nextRotationAt: _n, anchorAt: _a, ...rest } = key.rotation
    return { key: { ...key, rotation: { ...rest, enabled: false } }, result: {} }
  })
}

export const getKeyRotationStatus: OperationHandler<'GetKeyRotationStatus'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'GetKeyRotationStatus', input, { aliases: false })
  assertKeyState(key, 'rotationStatus')
  assertRotatable(key)
  // AWS reports rotation off while a key is pending deletion; the setting returns if deletion is cancelled.
  const enabled = key.rotation.enabled && key.keyState !== 'PendingDeletion'
  const { periodInDays, nextRotationAt } = key.rotation
  return {
    KeyId: key.arn,
    KeyRotationEnabled: enabled,
    ...(enabled ? { RotationPeriodInDays: periodInDays, NextRotationDate: new Date(nextRotationAt!) } : {}),
  }
}
