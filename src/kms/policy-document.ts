/**
 * Key policy documents on their way in (CreateKey, PutKeyPolicy, the seed file): the full IAM policy
 * language check of policy/ (MalformedPolicyDocumentException or LimitExceededException with its
 * message), every principal named must exist, and, for a caller, the lockout safety check: the new
 * policy must let that caller call PutKeyPolicy later unless BypassPolicyLockoutSafetyCheck is set
 * (AWS KMS API Reference, CreateKey `Policy`). Nothing that fails these is ever stored.
 */
import type { IdentityDirectory } from '../auth/identity-directory.js'
import { buildRequestContext, lockoutViolation, parsePolicy, unknownPrincipal, type CompiledPolicy } from '../policy/index.js'
import type { Caller, KmsContext } from './context.js'
import { LimitExceededException, MalformedPolicyDocumentException } from './errors.js'
import { asPolicyPrincipal } from './grants/grant-access.js'
import type { KeyRecord } from './records.js'

/** Parses and compiles a key policy, or throws the exception AWS sends for it. */
export function compileKeyPolicy(text: string): CompiledPolicy {
  const parsed = parsePolicy(text, 'key')
  if (parsed.ok) return parsed.policy
  if (parsed.exception === 'LimitExceededException') throw new LimitExceededException(parsed.message)
  throw new MalformedPolicyDocumentException(parsed.message)
}

/** Compiles a key policy and checks that every principal it names exists. */
export async function checkKeyPolicy(identities: IdentityDirectory, text: string): Promise<CompiledPolicy> {
  const policy = compileKeyPolicy(text)
  const named = new Set<string>()
  for (const s of policy.statements) {
    if (!s.principal) continue
    for (const arn of s.principal.names.arns) named.add(arn)
    for (const account of s.principal.names.accounts) named.add(`arn:aws:iam::${account}:root`)
  }
  const exists = new Map<string, boolean>()
  await Promise.all([...named].map(async (arn) => exists.set(arn, await identities.principalExists(arn))))
  const unknown = unknownPrincipal(policy, (arn) => exists.get(arn) === true)
  if (unknown !== undefined) throw new MalformedPolicyDocumentException(unknown)
  return policy
}

/**
 * CreateKey / PutKeyPolicy: checkKeyPolicy plus the lockout safety check for the caller, evaluated as
 * the caller's later PutKeyPolicy on `key` would be.
 */
export async function checkNewKeyPolicy(ctx: KmsContext, caller: Caller, text: string, key: KeyRecord, bypass: boolean): Promise<void> {
  const policy = await checkKeyPolicy(ctx.identities, text)
  if (bypass) return
  const principal = asPolicyPrincipal(caller.principal)
  const context = buildRequestContext({
    operation: 'PutKeyPolicy', input: { KeyId: key.arn, Policy: text }, principal, secureTransport: caller.secureTransport,
    now: new Date(ctx.clock.now()),
    key: { arn: key.arn, keySpec: key.keySpec, keyUsage: key.keyUsage, origin: key.origin, aliases: [], tags: Object.fromEntries(key.tags.map((t) => [t.TagKey, t.TagValue])) },
    ...(caller.sourceIp !== undefined ? { sourceIp: caller.sourceIp } : {}),
    ...(caller.viaService !== undefined ? { viaService: caller.viaService } : {}),
  })
  const violation = lockoutViolation({
    policy, principal, identityPolicies: await ctx.identities.identityPolicies(caller.principal), context,
    keyArn: key.arn, keyAccountId: key.accountId, bypass,
  })
  if (violation !== undefined) throw new MalformedPolicyDocumentException(violation)
}
