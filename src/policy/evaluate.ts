/**
 * Evaluates one compiled policy against a request: which statements apply, and how. A statement
 * applies when its principal, action, resource and every condition match. For key policies the
 * principal match is kept apart: an Allow that names the caller's account (not the caller) only
 * delegates to IAM, which kms-decision.ts resolves.
 */
import { conditionsHold } from './conditions.js'
import type { ConditionContext } from './context.js'
import type { CompiledPolicy, CompiledStatement } from './policy-types.js'
import { matchPrincipal, type PolicyPrincipal, type PrincipalMatch } from './principal.js'

export interface PolicyRequest {
  /** e.g. `kms:Decrypt`; compared case-insensitively. */
  action: string
  /** The resource ARN, or `*` for operations without one. */
  resource: string
  principal: PolicyPrincipal
  context: ConditionContext
}

export interface PolicyOutcome {
  /** Sid of the first applicable Deny (`''` when it has none); undefined when no Deny applies. */
  deny: string | undefined
  /** An Allow applies and names the caller itself (or `*`, or the caller is an identity-policy holder). */
  allowDirect: boolean
  /** An Allow applies through the caller's account: delegation to IAM identity policies. */
  allowAccount: boolean
}

function principalMatch(s: CompiledStatement, caller: PolicyPrincipal): PrincipalMatch {
  if (!s.principal) return 'direct' // identity policy: it applies to whoever it is attached to
  const m = matchPrincipal(s.principal.names, caller)
  // NotPrincipal: everyone except the principals named (directly or through their account).
  if (s.principal.negated) return m === 'none' ? 'direct' : 'none'
  return m
}

/** Evaluates a policy; `action` is lower-cased once per request by the caller of this function. */
export function evaluatePolicy(policy: CompiledPolicy, req: PolicyRequest, actionLower = req.action.toLowerCase()): PolicyOutcome {
  const out: PolicyOutcome = { deny: undefined, allowDirect: false, allowAccount: false }
  for (const s of policy.statements) {
    if (!s.action(actionLower)) continue
    // An Allow cannot add anything once both kinds of allow are known; a Deny always matters.
    if (s.effect === 'Allow' && out.allowDirect && out.allowAccount) continue
    const who = principalMatch(s, req.principal)
    if (who === 'none') continue
    if (!s.resource(req.resource, req.context)) continue
    if (!conditionsHold(s.conditions, req.context)) continue
    if (s.effect === 'Deny') return { ...out, deny: s.sid ?? '' }
    if (who === 'direct') out.allowDirect = true
    else out.allowAccount = true
  }
  return out
}
