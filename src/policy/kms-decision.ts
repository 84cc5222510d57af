/**
 * The AWS KMS authorization decision, as a pure function (AWS KMS Developer Guide, "Determining access
 * to an AWS KMS key"; the design in the shared reference, section 2.1):
 * - an explicit Deny in the key policy or in any of the caller's identity policies wins;
 * - the key policy is the primary control: an Allow naming the caller (or `*`) is enough;
 * - an Allow naming the caller's account (`arn:aws:iam::<acct>:root` or `<acct>`) delegates to the
 *   account's IAM identity policies (the root user itself is named directly);
 * - cross-account calls need the key policy (naming the account or the principal) and the caller's
 *   identity policy, and only for the operations AWS allows cross-account;
 * - a grant allows its operations to its grantee under its constraints;
 * - operations without a key (CreateKey, ListKeys, GenerateRandom, ...) use identity policies alone.
 */
import { evaluatePolicy, type PolicyOutcome, type PolicyRequest } from './evaluate.js'
import { grantAuthorizes, mayDelegate, type EncryptionContext, type GrantConstraintsView, type GrantView } from './grants.js'
import { accessDeniedMessage, type DenyReason } from './messages.js'
import type { CompiledPolicy } from './policy-types.js'
import type { ConditionContext } from './context.js'
import type { PolicyPrincipal } from './principal.js'

/** Operations a principal of another account may call (AWS KMS Developer Guide, cross-account access). */
export const CROSS_ACCOUNT_ACTIONS: ReadonlySet<string> = new Set([
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify',
  'VerifyMac', 'DeriveSharedSecret', 'CreateGrant', 'DescribeKey', 'GetKeyRotationStatus', 'GetPublicKey',
  'ListGrants', 'RetireGrant', 'RevokeGrant',
].map((op) => `kms:${op.toLowerCase()}`))

export interface KmsKeyAccess {
  arn: string
  accountId: string
  policy: CompiledPolicy
  grants: readonly GrantView[]
}

export interface KmsAuthorizationRequest {
  /** The IAM action, e.g. `kms:Decrypt` (ReEncrypt is authorized as kms:ReEncryptFrom and kms:ReEncryptTo). */
  action: string
  principal: PolicyPrincipal
  /** Condition keys for this request (request-context.ts builds them). */
  context: ConditionContext
  /** The caller's IAM identity policies (user, group and role policies), compiled. */
  identityPolicies: readonly CompiledPolicy[]
  /** The key the operation acts on; absent for operations without one. */
  key?: KmsKeyAccess
  /**
   * Without a key: the resource identity policies are matched against (default `*`), e.g. the alias
   * ARN for the alias half of CreateAlias / DeleteAlias / UpdateAlias, which only IAM controls.
   */
  resource?: string
  /** The request's encryption context, for grant constraints ({} when it has none). */
  encryptionContext?: EncryptionContext
  /** For CreateGrant: the grant being created, so a grant can only delegate what it holds. */
  newGrant?: { operations: readonly string[]; constraints?: GrantConstraintsView }
}

export type KmsDecision =
  | { allowed: true; by: 'key-policy' | 'identity-policy' | 'grant'; grantId?: string }
  | { allowed: false; reason: DenyReason; message: string }

function identityOutcome(policies: readonly CompiledPolicy[], req: PolicyRequest, action: string): PolicyOutcome {
  const out: PolicyOutcome = { deny: undefined, allowDirect: false, allowAccount: false }
  for (const p of policies) {
    const o = evaluatePolicy(p, req, action)
    if (o.deny !== undefined) return o
    out.allowDirect ||= o.allowDirect
  }
  return out
}

function findGrant(r: KmsAuthorizationRequest, key: KmsKeyAccess, identityAllows: boolean): GrantView | undefined {
  const op = r.action.slice(r.action.indexOf(':') + 1)
  const ec = r.encryptionContext ?? {}
  return key.grants.find((g) => {
    const m = grantAuthorizes(g, r.principal, op, ec)
    if (m === 'none' || (m === 'account' && !identityAllows)) return false
    return op !== 'CreateGrant' || r.newGrant === undefined || mayDelegate(g, r.newGrant)
  })
}

export function authorizeKms(r: KmsAuthorizationRequest): KmsDecision {
  const action = r.action.toLowerCase()
  const resource = r.key?.arn ?? r.resource ?? '*'
  const deny = (reason: DenyReason): KmsDecision =>
    ({ allowed: false, reason, message: accessDeniedMessage(reason, r.principal.arn, r.action, resource) })
  const req: PolicyRequest = { action: r.action, resource, principal: r.principal, context: r.context }
  const key = r.key
  const kp = key ? evaluatePolicy(key.policy, req, action) : undefined
  if (kp?.deny !== undefined) return deny('explicit-deny-resource')
  const iam = identityOutcome(r.identityPolicies, req, action)
  if (iam.deny !== undefined) return deny('explicit-deny-identity')
  // The root user has every permission its own account can give; it has no identity policies.
  const identityAllows = r.principal.type === 'Account' || iam.allowDirect
  if (!key || !kp) return identityAllows ? { allowed: true, by: 'identity-policy' } : deny('no-identity-allow')

  const sameAccount = r.principal.accountId === key.accountId
  if (!sameAccount && !CROSS_ACCOUNT_ACTIONS.has(action)) return deny('no-resource-allow')
  if (sameAccount && kp.allowDirect) return { allowed: true, by: 'key-policy' }
  const keyPolicyNames = kp.allowAccount || (!sameAccount && kp.allowDirect)
  if (keyPolicyNames && identityAllows) return { allowed: true, by: sameAccount ? 'identity-policy' : 'key-policy' }
  const grant = findGrant(r, key, identityAllows)
  if (grant) return { allowed: true, by: 'grant', grantId: grant.grantId }
  return deny(keyPolicyNames ? 'no-identity-allow' : 'no-resource-allow')
}
