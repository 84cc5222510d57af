/** ListKeys: the caller's keys in this Region, in every state but deleted, paged by key id. */
import type { OperationHandler } from '../context.js'
import { decodeMarker, page } from '../paging.js'

export const listKeys: OperationHandler<'ListKeys'> = async (ctx, caller, input) => {
  const limit = input.Limit ?? 100
  const after = decodeMarker('ListKeys', input.Marker)
  const keys = await ctx.keys.store.read.listKeys(caller.principal.accountId, ctx.region, after, limit + 1)
  const { items, ...rest } = page(keys, limit, 'ListKeys', (k) => k.keyId)
  return { Keys: items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...rest }
}
