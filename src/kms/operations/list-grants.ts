/**
 * ListGrants (one key's grants, optionally one grant or one grantee's) and ListRetirableGrants (the
 * caller's account's grants that name a retiring principal), paged like the other List operations:
 * Limit 1-100 (default 50) and an opaque Marker tagged with the list it belongs to.
 */
import { keyArn } from '../arns.js'
import type { OperationHandler } from '../context.js'
import { checkPrincipal } from '../grants/grant-rules.js'
import { grantListEntry } from '../grants/grant-wire.js'
import { decodeMarker, page } from '../paging.js'
import { resolveKey } from '../resolve-key.js'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 100

export const listGrants: OperationHandler<'ListGrants'> = async (ctx, caller, input) => {
  const limit = Math.min(input.Limit ?? DEFAULT_LIMIT, MAX_LIMIT)
  const key = await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  const list = `ListGrants/${key.keyId}`
  const afterGrantId = decodeMarker(list, input.Marker)
  const read = ctx.keys.store.read
  if (input.GrantId !== undefined) {
    // A filter, not a lookup: an unknown grant id lists nothing.
    const grant = await read.getGrant(key.keyId, input.GrantId)
    const shown = grant && (input.GranteePrincipal === undefined || grant.granteePrincipal === input.GranteePrincipal) ? [grant] : []
    return { Grants: shown.map((g) => grantListEntry(g, key.arn)), Truncated: false }
  }
  const grants = await read.listGrants(key.keyId, {
    ...(input.GranteePrincipal !== undefined ? { granteePrincipal: input.GranteePrincipal } : {}),
    ...(afterGrantId !== undefined ? { afterGrantId } : {}),
    limit: limit + 1,
  })
  const { items, ...rest } = page(grants, limit, list, (g) => g.grantId)
  return { Grants: items.map((g) => grantListEntry(g, key.arn)), ...rest }
}

export const listRetirableGrants: OperationHandler<'ListRetirableGrants'> = async (ctx, caller, input) => {
  const limit = Math.min(input.Limit ?? DEFAULT_LIMIT, MAX_LIMIT)
  const retiring = checkPrincipal(input.RetiringPrincipal)
  const list = `ListRetirableGrants/${retiring}`
  const marker = decodeMarker(list, input.Marker)
  const [keyId, grantId] = marker?.split('/') ?? []
  const after = keyId !== undefined && grantId !== undefined ? { keyId, grantId } : undefined
  const grants = await ctx.keys.store.read.listRetirableGrants(caller.principal.accountId, ctx.region, retiring, after, limit + 1)
  const { items, ...rest } = page(grants, limit, list, (g) => `${g.keyId}/${g.grantId}`)
  return { Grants: items.map((g) => grantListEntry(g, keyArn(g.region, g.accountId, g.keyId))), ...rest }
}
