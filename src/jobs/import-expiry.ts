/**
 * Deletes imported key material whose ValidTo has passed (the key returns to PendingImport until the
 * same material is imported again), and import parameters (sealed wrapping keys) past their 24 hours.
 * Re-checks expiry inside the transaction, so a re-import that moved ValidTo is honoured. Each deletion
 * commits with its DeleteExpiredKeyMaterial service event (one record per material, as AWS). Purging
 * expired import parameters changes no key and is not an event AWS records, so it leaves no record.
 */
import { ServiceEvent } from '../audit/service-event.js'
import type { KmsContext } from '../kms/context.js'
import { deleteImportedMaterial } from '../kms/import/delete-material.js'
import { KmsException } from '../kms/errors.js'

const BATCH = 100

export async function expireImportedMaterial(ctx: KmsContext): Promise<number> {
  let expired = 0
  // Materials that could not be expired in this run: read past them, or a batch of them would be read
  // again and again and hide every due material behind it.
  const failed = new Set<string>()
  for (;;) {
    const now = ctx.clock.now()
    const limit = BATCH + failed.size
    const due = await ctx.keys.store.read.materialsDueToExpire(now, limit)
    for (const candidate of due) {
      const id = `${candidate.keyId}/${candidate.materialId}`
      if (failed.has(id)) continue
      const key = await ctx.keys.store.read.getKey(candidate.keyId)
      if (!key) { failed.add(id); continue }
      try {
        await deleteImportedMaterial(ctx, new ServiceEvent(ctx.audit, ctx.clock, 'DeleteExpiredKeyMaterial'), key, candidate.materialId, (_key, material) => {
          if ((material.imported?.validTo ?? Infinity) > now) throw new NotDue()
        })
        expired++
      } catch (err) {
        // Re-imported or deleted since it was listed: nothing to do now.
        if (!(err instanceof NotDue || err instanceof KmsException)) throw err
        failed.add(id)
      }
    }
    if (due.length < limit) break
  }
  await ctx.keys.store.transaction(async (tx) => tx.deleteExpiredImportParameters(ctx.clock.now()))
  return expired
}

class NotDue extends Error {}
