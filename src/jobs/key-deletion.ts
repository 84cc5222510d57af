/**
 * Deletes keys whose waiting period has ended: the key, every material version, its aliases and the
 * DeleteKey service event go in one transaction. Re-checks the state inside it, so a CancelKeyDeletion
 * that won the race is honoured (and nothing is recorded).
 */
import { ServiceEvent } from '../audit/service-event.js'
import type { KmsContext } from '../kms/context.js'
import type { KeyRecord } from '../kms/records.js'

const BATCH = 100

export async function deleteDueKeys(ctx: KmsContext): Promise<number> {
  let deleted = 0
  for (;;) {
    const now = ctx.clock.now()
    const due = await ctx.keys.store.read.keysDueForDeletion(now, BATCH)
    for (const candidate of due) {
      const gone = await deleteKey(ctx, candidate, now)
      ctx.keys.forget(candidate.keyId)
      if (gone) deleted++
    }
    if (due.length < BATCH) return deleted
  }
}

const isDue = (key: KeyRecord, now: number): boolean => key.keyState === 'PendingDeletion' && (key.deletionDate ?? Infinity) <= now

/** Deletes `key` with its DeleteKey record; false (and no record) if it is no longer due. */
async function deleteKey(ctx: KmsContext, key: KeyRecord, now: number): Promise<boolean> {
  try {
    return await new ServiceEvent(ctx.audit, ctx.clock, 'DeleteKey').transact(ctx.keys.store, async (tx) => {
      const current = await tx.getKey(key.keyId)
      if (!current || !isDue(current, now)) throw new NoLongerDue()
      await tx.deleteKey(current.keyId)
      return { result: true, key: current }
    })
  } catch (err) {
    if (err instanceof NoLongerDue) return false
    throw err
  }
}

class NoLongerDue extends Error {}
