/**
 * Deletes keys whose waiting period has ended: the key, every material version and its aliases go in
 * one transaction. Re-checks the state inside it, so a CancelKeyDeletion that won the race is honoured.
 */
import type { KmsContext } from '../kms/context.js'

const BATCH = 100

export async function deleteDueKeys(ctx: KmsContext): Promise<number> {
  let deleted = 0
  for (;;) {
    const now = ctx.clock.now()
    const due = await ctx.keys.store.read.keysDueForDeletion(now, BATCH)
    for (const candidate of due) {
      const gone = await ctx.keys.store.transaction(async (tx) => {
        const key = await tx.getKey(candidate.keyId)
        if (!key || key.keyState !== 'PendingDeletion' || (key.deletionDate ?? Infinity) > now) return false
        await tx.deleteKey(key.keyId)
        return true
      })
      ctx.keys.forget(candidate.keyId)
      if (gone) deleted++
    }
    if (due.length < BATCH) return deleted
  }
}
