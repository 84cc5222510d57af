/**
 * ScheduleKeyDeletion: the key becomes PendingDeletion for 7-30 days (default 30); the deletion job
 * (jobs/key-deletion.ts) removes it, its material and its aliases when the window ends.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { ValidationException } from '../errors.js'
import { assertKeyState } from '../key-state.js'

const DAY_MS = 24 * 60 * 60 * 1000
export const MIN_PENDING_WINDOW_DAYS = 7
export const MAX_PENDING_WINDOW_DAYS = 30

export const scheduleKeyDeletion: OperationHandler<'ScheduleKeyDeletion'> = async (ctx, caller, input) => {
  const days = input.PendingWindowInDays ?? MAX_PENDING_WINDOW_DAYS
  if (days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) {
    throw new ValidationException(`PendingWindowInDays must be between ${MIN_PENDING_WINDOW_DAYS} and ${MAX_PENDING_WINDOW_DAYS}`)
  }
  const target = await authorizedKey(ctx, caller, 'ScheduleKeyDeletion', input, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'schedule')
    const deletionDate = ctx.clock.now() + days * DAY_MS
    return {
      key: { ...key, keyState: 'PendingDeletion', deletionDate, pendingWindowInDays: days },
      result: { KeyId: key.arn, DeletionDate: new Date(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days },
    }
  })
}
