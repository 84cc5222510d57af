/**
 * policy/: the IAM policy language and the AWS KMS authorization decision, as a pure library (no I/O,
 * no clock: time comes in the request facts). How the request path uses it:
 *
 *   // once, when a key policy or an identity policy is stored or loaded (cache the result per policy):
 *   const parsed = parsePolicy(text, 'key')            // or 'identity' for IAM user/role/group policies
 *   if (!parsed.ok) throw new errors[parsed.exception](parsed.message)   // MalformedPolicyDocument / LimitExceeded
 *
 *   // per request, after the key is resolved:
 *   const context = buildRequestContext({ operation, input, principal, key, requestAlias, viaService,
 *     sourceIp, secureTransport, now: clock.now() })
 *   const d = authorizeKms({ action: `kms:${operation}`, principal, context, identityPolicies,
 *     key: { arn, accountId, policy, grants }, encryptionContext, newGrant })
 *   if (!d.allowed) throw new AccessDeniedException(d.message)
 *
 *   // CreateKey / PutKeyPolicy:
 *   unknownPrincipal(policy, exists) ?? lockoutViolation({ policy, principal, identityPolicies, context,
 *     keyArn, keyAccountId, bypass })   // a message means MalformedPolicyDocumentException
 *
 * ReEncrypt is authorized twice (kms:ReEncryptFrom on the source key, kms:ReEncryptTo on the
 * destination), each with `action` set in the facts so the right encryption context is used.
 */
export { ConditionContext } from './context.js'
export { parsePolicy, MAX_KEY_POLICY_BYTES } from './parse.js'
export type { CompiledPolicy, CompiledStatement, ParseResult, PolicyKind } from './policy-types.js'
export type { PolicyPrincipal } from './principal.js'
export { evaluatePolicy, type PolicyOutcome, type PolicyRequest } from './evaluate.js'
export { authorizeKms, CROSS_ACCOUNT_ACTIONS, type KmsAuthorizationRequest, type KmsDecision, type KmsKeyAccess } from './kms-decision.js'
export { accessDeniedMessage, type DenyReason } from './messages.js'
export { constraintsHold, mayDelegate, mayRetire, type GrantView, type GrantConstraintsView, type EncryptionContext } from './grants.js'
export { buildRequestContext } from './request-context.js'
export type { KeyFacts, RequestFacts } from './request-facts.js'
export { lockoutViolation, unknownPrincipal, LOCKOUT_MESSAGE, type LockoutCheck } from './lockout.js'
