/**
 * RetireGrant: removes a grant, named by its GrantToken or by KeyId + GrantId. Who may: the grant's
 * retiring principal, its grantee when the grant includes RetireGrant, or the account that created it
 * (policy/grants.ts mayRetire, from the API Reference); anyone else gets AccessDeniedException.
 */
import type { RetireGrantRequest } from '../../api/generated/kms-model.js'
import { accessDeniedMessage, mayRetire } from '../../policy/index.js'
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import { AccessDeniedException, ValidationException } from '../errors.js'
import { asPolicyPrincipal, toGrantView } from '../grants/grant-access.js'
import { checkGrantId, grantNotFound } from '../grants/grant-wire.js'
import { keyArn } from '../arns.js'
import { resolveKey } from '../resolve-key.js'
import { dryRunSucceeded } from '../symmetric.js'

export const retireGrant: OperationHandler<'RetireGrant'> = async (ctx, caller, input) => {
  const { keyId, grantId } = await grantNamed(ctx, caller, input)
  const store = ctx.keys.store
  const grant = await store.read.getGrant(keyId, grantId)
  if (!grant) throw grantNotFound()
  if (!mayRetire(toGrantView(grant), asPolicyPrincipal(caller.principal))) {
    const resource = keyArn(grant.region, grant.accountId, grant.keyId)
    throw new AccessDeniedException(accessDeniedMessage('no-resource-allow', caller.principal.arn, 'kms:RetireGrant', resource))
  }
  if (input.DryRun) throw dryRunSucceeded()
  const key = await store.read.getKey(keyId)
  await caller.audit.transact(store, async (tx) => {
    if (!await tx.deleteGrant(keyId, grantId)) throw grantNotFound()
    return { result: undefined, ...(key ? { key } : {}) }
  })
  return {}
}

async function grantNamed(ctx: KmsContext, caller: Caller, input: RetireGrantRequest): Promise<{ keyId: string; grantId: string }> {
  if (input.GrantToken !== undefined) {
    const [claims] = await ctx.grantTokens.check([input.GrantToken])
    return claims!
  }
  if (input.KeyId === undefined || input.GrantId === undefined) {
    // best guess: AWS documents that one of the two forms is required, not its message.
    throw new ValidationException('Either GrantToken, or both KeyId and GrantId, must be specified.')
  }
  const grantId = checkGrantId(input.GrantId)
  return { keyId: (await resolveKey(ctx, caller, input.KeyId, { aliases: false })).keyId, grantId }
}
