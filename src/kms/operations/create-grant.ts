/**
 * CreateGrant: a grant on a key for a grantee principal (AWS KMS API Reference, CreateGrant). With a
 * Name, retrying with the same parameters answers the existing grant (same GrantId and, since Trent's
 * tokens are deterministic, the same GrantToken); a Name with different parameters makes a new grant.
 */
import { randomBytes } from 'node:crypto'
import type { OperationHandler } from '../context.js'
import { LimitExceededException } from '../errors.js'
import { MAX_GRANTS_PER_KEY } from '../grants/grant-access.js'
import { checkConstraints, checkOperations, checkPrincipal } from '../grants/grant-rules.js'
import { assertKeyState } from '../key-state.js'
import { keyNotFound } from '../not-found.js'
import type { GrantRecord } from '../records.js'
import { resolveKey } from '../resolve-key.js'
import { authorizeOnKey } from '../authz/authorize.js'
import { dryRunSucceeded } from '../symmetric.js'

type Params = Pick<GrantRecord, 'granteePrincipal' | 'retiringPrincipal' | 'operations' | 'constraints' | 'issuingAccount'>

export const createGrant: OperationHandler<'CreateGrant'> = async (ctx, caller, input) => {
  const granteePrincipal = checkPrincipal(input.GranteePrincipal)
  const retiringPrincipal = input.RetiringPrincipal === undefined ? undefined : checkPrincipal(input.RetiringPrincipal)
  const key = await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  const params: Params = {
    granteePrincipal, operations: checkOperations(key, input.Operations), issuingAccount: caller.principal.accountId,
    ...(retiringPrincipal ? { retiringPrincipal } : {}),
    ...optional('constraints', checkConstraints(key, input.Constraints)),
  }
  // The caller's authority must cover the new grant: from a grant, only what that grant holds.
  await authorizeOnKey(ctx, caller, {
    operation: 'CreateGrant', input, key, keyIdInput: input.KeyId,
    newGrant: { operations: params.operations, ...(params.constraints ? { constraints: params.constraints } : {}) },
  })
  assertKeyState(key, 'manage')
  if (input.DryRun) throw dryRunSucceeded()

  const grant = await caller.audit.transact(ctx.keys.store, async (tx) => {
    // Reading the key in the transaction locks it: grant creation on one key is serialized, so the
    // quota and the Name check cannot be raced.
    const current = await tx.getKey(key.keyId)
    if (!current) throw keyNotFound(key.arn)
    assertKeyState(current, 'manage')
    if (input.Name !== undefined) {
      const named = await tx.listGrants(key.keyId, { name: input.Name, limit: MAX_GRANTS_PER_KEY })
      const same = named.find((g) => sameParams(g, params))
      if (same) return { result: same, key: current, grantId: same.grantId }
    }
    if (await tx.countGrants(key.keyId) >= MAX_GRANTS_PER_KEY) {
      // The API Reference's description of LimitExceededException.
      throw new LimitExceededException('The request was rejected because a quota was exceeded.')
    }
    const created: GrantRecord = {
      grantId: randomBytes(32).toString('hex'), keyId: key.keyId, accountId: key.accountId, region: key.region,
      ...params, ...optional('name', input.Name), createdAt: ctx.clock.now(),
    }
    await tx.addGrant(created)
    return { result: created, key: current, grantId: created.grantId }
  })
  return { GrantId: grant.grantId, GrantToken: await ctx.grantTokens.mint({ keyId: grant.keyId, grantId: grant.grantId }) }
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V }
}

/** Same grantee, retiring principal, issuing account, operation set and constraints (order free). */
export function sameParams(g: Params, p: Params): boolean {
  return g.granteePrincipal === p.granteePrincipal && g.retiringPrincipal === p.retiringPrincipal && g.issuingAccount === p.issuingAccount
    && canonical([...g.operations].sort()) === canonical([...p.operations].sort())
    && canonical(g.constraints ?? {}) === canonical(p.constraints ?? {})
}

/** JSON with object keys sorted, so equal maps compare equal whatever their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}
