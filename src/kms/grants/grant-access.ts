/**
 * Grants as the authorization step reads them. Enforcement (wired later) needs, per request:
 *   - the key's grants:                 `await grantsOfKey(ctx, key.keyId)`
 *   - the grants the request's tokens name: `await resolveGrantTokens(ctx, input.GrantTokens)`
 * and passes them to policy/ as GrantViews (`toGrantView`), with the caller as a PolicyPrincipal
 * (`asPolicyPrincipal`). Both read the store directly (strongly consistent), so a grant works the moment
 * CreateGrant returns and stops the moment it is retired or revoked; a per-key cache can be added later
 * and invalidated by the store's `{ type: 'grants', keyId }` changes.
 */
import { policyPrincipal, type Principal } from '../../auth/principal.js'
import type { GrantView, PolicyPrincipal } from '../../policy/index.js'
import type { KmsContext } from '../context.js'
import type { GrantRecord } from '../records.js'

/** AWS's quota of grants per KMS key. */
export const MAX_GRANTS_PER_KEY = 50_000
const PAGE = 1000

/** Every grant on a key, in grant id order. */
export async function grantsOfKey(ctx: KmsContext, keyId: string): Promise<GrantRecord[]> {
  const all: GrantRecord[] = []
  for (;;) {
    const last = all[all.length - 1]
    const page = await ctx.keys.store.read.listGrants(keyId, { ...(last ? { afterGrantId: last.grantId } : {}), limit: PAGE })
    all.push(...page)
    if (page.length < PAGE) return all
  }
}

/**
 * The grants a request's GrantTokens name. Every token must be valid (else InvalidGrantTokenException,
 * as for any operation that takes GrantTokens); a token of a grant since retired or revoked names nothing.
 */
export async function resolveGrantTokens(ctx: KmsContext, tokens: readonly string[] | undefined): Promise<GrantRecord[]> {
  const claims = await ctx.grantTokens.check(tokens)
  const grants = await Promise.all(claims.map((c) => ctx.keys.store.read.getGrant(c.keyId, c.grantId)))
  return grants.filter((g): g is GrantRecord => g !== undefined)
}

export function toGrantView(g: GrantRecord): GrantView {
  return {
    grantId: g.grantId, granteePrincipal: g.granteePrincipal, operations: g.operations, issuingAccount: g.issuingAccount,
    ...(g.retiringPrincipal ? { retiringPrincipal: g.retiringPrincipal } : {}),
    ...(g.constraints ? { constraints: g.constraints } : {}),
  }
}

/** The caller as policy/ sees it (root, IAM user or role session; auth/principal.ts). */
export function asPolicyPrincipal(p: Principal): PolicyPrincipal {
  return policyPrincipal(p)
}
