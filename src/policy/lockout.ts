/**
 * The key policy lockout safety check of CreateKey and PutKeyPolicy (AWS KMS API Reference, CreateKey
 * `Policy` and `BypassPolicyLockoutSafetyCheck`): the new policy must let the calling principal call
 * PutKeyPolicy later, and every principal it names must exist. It is decided by evaluating the new
 * policy, with the caller's identity policies (a root-delegation statement needs them), for
 * kms:PutKeyPolicy. Messages are those AWS sends (seen in many real error reports).
 */
import type { ConditionContext } from './context.js'
import { authorizeKms } from './kms-decision.js'
import type { CompiledPolicy } from './policy-types.js'
import { INVALID_PRINCIPAL, type PolicyPrincipal } from './principal.js'

export const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.'

export interface LockoutCheck {
  policy: CompiledPolicy
  principal: PolicyPrincipal
  identityPolicies: readonly CompiledPolicy[]
  /** The context a later PutKeyPolicy by this caller would carry. */
  context: ConditionContext
  keyArn: string
  keyAccountId: string
  bypass: boolean
}

/** The MalformedPolicyDocumentException message, or undefined when the policy passes. */
export function lockoutViolation(c: LockoutCheck): string | undefined {
  if (c.bypass) return undefined
  const d = authorizeKms({
    action: 'kms:PutKeyPolicy',
    principal: c.principal,
    context: c.context,
    identityPolicies: c.identityPolicies,
    key: { arn: c.keyArn, accountId: c.keyAccountId, policy: c.policy, grants: [] },
  })
  return d.allowed ? undefined : LOCKOUT_MESSAGE
}

/**
 * The MalformedPolicyDocumentException message when a principal the policy names does not exist
 * (`exists` receives principal ARNs, and `arn:aws:iam::<acct>:root` for account principals).
 */
export function unknownPrincipal(policy: CompiledPolicy, exists: (arn: string) => boolean): string | undefined {
  for (const s of policy.statements) {
    if (!s.principal) continue
    const { arns, accounts } = s.principal.names
    for (const a of arns) if (!exists(a)) return INVALID_PRINCIPAL
    for (const a of accounts) if (!exists(`arn:aws:iam::${a}:root`)) return INVALID_PRINCIPAL
  }
  return undefined
}
