/**
 * RevokeGrant: removes a grant on a key (KeyId + GrantId). Who may is the key policy's business
 * (kms:RevokeGrant), decided by the authorization step, not here.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { checkGrantId, grantNotFound } from '../grants/grant-wire.js'
import { dryRunSucceeded } from '../symmetric.js'

export const revokeGrant: OperationHandler<'RevokeGrant'> = async (ctx, caller, input) => {
  const grantId = checkGrantId(input.GrantId)
  const key = await authorizedKey(ctx, caller, 'RevokeGrant', input, { aliases: false })
  const store = ctx.keys.store
  if (!await store.read.getGrant(key.keyId, grantId)) throw grantNotFound()
  if (input.DryRun) throw dryRunSucceeded()
  await caller.audit.transact(store, async (tx) => {
    if (!await tx.deleteGrant(key.keyId, grantId)) throw grantNotFound()
    return { result: undefined, key }
  })
  return {}
}
