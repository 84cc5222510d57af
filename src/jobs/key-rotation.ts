/**
 * Rotates keys whose automatic rotation date has come (only enabled keys are ever due); each rotation
 * commits with its RotateKey service event.
 */
import type { KmsContext } from '../kms/context.js'
import { ServiceEvent } from '../audit/service-event.js'
import { rotate } from '../kms/rotation.js'

const BATCH = 100

export async function rotateDueKeys(ctx: KmsContext): Promise<number> {
  let rotated = 0
  for (;;) {
    const now = ctx.clock.now()
    const due = await ctx.keys.store.read.keysDueForRotation(now, BATCH)
    let skipped = false
    for (const candidate of due) {
      try {
        await rotate(ctx, new ServiceEvent(ctx.audit, ctx.clock, 'RotateKey'), candidate, 'AUTOMATIC', (key) => {
          const stillDue = key.rotation.enabled && key.keyState === 'Enabled' && (key.rotation.nextRotationAt ?? Infinity) <= now
          if (!stillDue) throw new NotDue()
        })
        rotated++
      } catch (err) {
        if (!(err instanceof NotDue)) throw err
        skipped = true
      }
    }
    if (due.length < BATCH || skipped) return rotated
  }
}

class NotDue extends Error {}
