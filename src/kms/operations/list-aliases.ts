/**
 * ListAliases: the caller's aliases in this Region, optionally of one key, paged by name. AWS also lists
 * its predefined alias/aws/* names; Trent has no AWS managed keys, so there are none to list.
 */
import { aliasArn } from '../arns.js'
import type { OperationHandler } from '../context.js'
import { decodeMarker, page } from '../paging.js'
import { resolveKey } from '../resolve-key.js'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 100

export const listAliases: OperationHandler<'ListAliases'> = async (ctx, caller, input) => {
  const limit = Math.min(input.Limit ?? DEFAULT_LIMIT, MAX_LIMIT)
  const targetKeyId = input.KeyId === undefined ? undefined : (await resolveKey(ctx, caller, input.KeyId, { aliases: false })).keyId
  const afterName = decodeMarker('ListAliases', input.Marker)
  const aliases = await ctx.keys.store.read.listAliases(caller.principal.accountId, ctx.region, {
    ...(targetKeyId ? { targetKeyId } : {}), ...(afterName ? { afterName } : {}), limit: limit + 1,
  })
  const { items, ...rest } = page(aliases, limit, 'ListAliases', (a) => a.aliasName)
  return {
    Aliases: items.map((a) => ({
      AliasName: a.aliasName,
      AliasArn: aliasArn(a.region, a.accountId, a.aliasName),
      TargetKeyId: a.targetKeyId,
      CreationDate: new Date(a.createdAt),
      LastUpdatedDate: new Date(a.updatedAt),
    })),
    ...rest,
  }
}
