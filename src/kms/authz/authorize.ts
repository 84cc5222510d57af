/**
 * The authorization step of every KMS operation (after the key is resolved, before its state is
 * checked): builds the request's condition context and asks the policy library for AWS's decision
 * (src/policy/kms-decision.ts) with the key's compiled policy, the caller's identity policies and the
 * grants. Grants are read only when the policies alone do not allow the call, so the common case
 * costs no storage read; they are read from the store (strongly consistent), so a grant works the
 * moment CreateGrant returns, with or without its token.
 */
import {
  authorizeKms, buildRequestContext, type ConditionContext, type GrantConstraintsView, type GrantView, type KeyFacts,
  type KmsDecision, type PolicyPrincipal,
} from '../../policy/index.js'
import { parseKeyReference } from '../arns.js'
import type { Caller, KmsContext } from '../context.js'
import type { EncryptionContext } from '../encryption-context.js'
import { AccessDeniedException } from '../errors.js'
import { asPolicyPrincipal, grantsOfKey, resolveGrantTokens, toGrantView } from '../grants/grant-access.js'
import type { KeyRecord } from '../records.js'

export interface KeyAuthorization {
  /** The KMS operation, e.g. `Encrypt`. */
  operation: string
  /** The IAM action when it is not `kms:<operation>` (ReEncryptFrom, ReEncryptTo). */
  action?: string
  /** The validated request. */
  input: object
  key: KeyRecord
  /** What the request put in KeyId (alias name or ARN for kms:RequestAlias). */
  keyIdInput?: string
  /** The encryption context grant constraints are checked against. */
  encryptionContext?: EncryptionContext
  /** CreateGrant: the grant being made (a grant can only delegate what it holds). */
  newGrant?: { operations: readonly string[]; constraints?: GrantConstraintsView }
  reEncryptOnSameKey?: boolean
}

// The account root may always read and replace a stored policy that no longer compiles, so a policy
// stored before enforcement cannot lock an account out of its own key.
const REPAIR_ACTIONS = new Set(['GetKeyPolicy', 'PutKeyPolicy'])

/** The decision for an operation on a key (Decrypt turns a denial into its no-oracle answer). */
export async function decideOnKey(ctx: KmsContext, caller: Caller, a: KeyAuthorization): Promise<KmsDecision> {
  const principal = asPolicyPrincipal(caller.principal)
  const compiled = ctx.authz.policyOf(a.key)
  const facts: KeyFacts = {
    arn: a.key.arn, keySpec: a.key.keySpec, keyUsage: a.key.keyUsage, origin: a.key.origin,
    aliases: compiled.readsAliases ? await ctx.authz.aliasesOf(a.key) : [],
    tags: Object.fromEntries(a.key.tags.map((t) => [t.TagKey, t.TagValue])),
  }
  const context = requestContext(ctx, caller, principal, a.operation, a.input, facts, a)
  const action = `kms:${a.action ?? a.operation}`
  if (!compiled.valid && REPAIR_ACTIONS.has(a.operation) && principal.type === 'Account' && principal.accountId === a.key.accountId) {
    return { allowed: true, by: 'key-policy' }
  }
  const identityPolicies = await ctx.identities.identityPolicies(caller.principal)
  const ask = (grants: readonly GrantView[]) => authorizeKms({
    action, principal, context, identityPolicies, encryptionContext: a.encryptionContext ?? {},
    key: { arn: a.key.arn, accountId: a.key.accountId, policy: compiled.policy, grants }, newGrant: a.newGrant,
  })
  const first = ask([])
  // Grants only allow: an explicit deny stands, and an allow needs no grant.
  if (first.allowed || first.reason === 'explicit-deny-resource' || first.reason === 'explicit-deny-identity') return first
  return ask(await grantsFor(ctx, a))
}

/** Authorizes an operation on a key; AccessDeniedException with AWS's message when refused. */
export async function authorizeOnKey(ctx: KmsContext, caller: Caller, a: KeyAuthorization): Promise<void> {
  const d = await decideOnKey(ctx, caller, a)
  if (!d.allowed) throw new AccessDeniedException(d.message)
}

/**
 * Operations without a key (CreateKey, ListKeys, GenerateRandom, ...) and the alias half of the alias
 * operations: identity policies alone decide, against `resource` (`*` unless given). `service` names the
 * action's prefix: `kms`, or `cloudtrail` for LookupEvents served on the same endpoint.
 */
export async function authorizeWithoutKey(
  ctx: KmsContext, caller: Caller, operation: string, input: object, resource?: string, service = 'kms',
): Promise<void> {
  const principal = asPolicyPrincipal(caller.principal)
  const context = requestContext(ctx, caller, principal, operation, input, undefined, {})
  const d = authorizeKms({
    action: `${service}:${operation}`, principal, context, identityPolicies: await ctx.identities.identityPolicies(caller.principal),
    ...(resource !== undefined ? { resource } : {}),
  })
  if (!d.allowed) throw new AccessDeniedException(d.message)
}

function requestContext(
  ctx: KmsContext, caller: Caller, principal: PolicyPrincipal, operation: string, input: object, key: KeyFacts | undefined,
  a: Pick<Partial<KeyAuthorization>, 'action' | 'keyIdInput' | 'reEncryptOnSameKey'>,
): ConditionContext {
  const ref = a.keyIdInput === undefined ? undefined : parseKeyReference(a.keyIdInput)
  const requestAlias = ref?.kind === 'aliasName' || ref?.kind === 'aliasArn' ? ref.aliasName : undefined
  return buildRequestContext({
    operation, input: input as Readonly<Record<string, unknown>>, principal, secureTransport: caller.secureTransport, now: new Date(ctx.clock.now()),
    // Undefined members stand for absent ones (put() skips them); plain members, not conditional spreads, on this per-request path.
    action: a.action, key, requestAlias, viaService: caller.viaService, sourceIp: caller.sourceIp, reEncryptOnSameKey: a.reEncryptOnSameKey,
  })
}

/** The key's grants and those the request's tokens name (the same grants, read through the token). */
async function grantsFor(ctx: KmsContext, a: KeyAuthorization): Promise<GrantView[]> {
  const tokens = (a.input as { GrantTokens?: string[] }).GrantTokens
  const [ofKey, named] = await Promise.all([grantsOfKey(ctx, a.key.keyId), resolveGrantTokens(ctx, tokens)])
  const seen = new Set(ofKey.map((g) => g.grantId))
  return [...ofKey, ...named.filter((g) => g.keyId === a.key.keyId && !seen.has(g.grantId))].map(toGrantView)
}
