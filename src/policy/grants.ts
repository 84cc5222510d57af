/**
 * Grants as the authorization decision sees them (AWS KMS Developer Guide, "Grants in AWS KMS"):
 * a grant allows its operations to its grantee principal, under its encryption-context constraints.
 * Grants only allow; they never deny. Constraints do not apply to DescribeKey and RetireGrant; for
 * CreateGrant they bound the grant being created ("equal or stricter"), checked by `mayDelegate`.
 */
import type { PolicyPrincipal, PrincipalMatch } from './principal.js'

export type EncryptionContext = Readonly<Record<string, string>>

export interface GrantConstraintsView {
  encryptionContextEquals?: EncryptionContext
  encryptionContextSubset?: EncryptionContext
}

/** The fields of a stored grant the decision needs. */
export interface GrantView {
  grantId: string
  granteePrincipal: string
  retiringPrincipal?: string
  /** Grant operation names without the `kms:` prefix, e.g. `Decrypt`, `ReEncryptFrom`. */
  operations: readonly string[]
  constraints?: GrantConstraintsView
  /** The account the grant was created in. */
  issuingAccount: string
}

const ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/
const UNCONSTRAINED = new Set(['DescribeKey', 'RetireGrant', 'CreateGrant'])

/** How a grant's grantee names the caller: a root-ARN grantee delegates to the account's IAM. */
export function granteeMatch(grantee: string, caller: PolicyPrincipal): PrincipalMatch {
  if (grantee === caller.arn || (caller.roleArn !== undefined && grantee === caller.roleArn)) return 'direct'
  const root = ROOT.exec(grantee)
  if (root && root[1] === caller.accountId) return caller.type === 'Account' ? 'direct' : 'account'
  return 'none'
}

function entries(ec: EncryptionContext): [string, string][] {
  return Object.entries(ec)
}

/** Whether the request's encryption context satisfies a grant's constraints (exact, case-sensitive). */
export function constraintsHold(c: GrantConstraintsView | undefined, ec: EncryptionContext): boolean {
  if (!c) return true
  const eq = c.encryptionContextEquals
  if (eq && (entries(eq).length !== entries(ec).length || entries(eq).some(([k, v]) => ec[k] !== v))) return false
  const sub = c.encryptionContextSubset
  if (sub && entries(sub).some(([k, v]) => ec[k] !== v)) return false
  return true
}

/** How a grant authorizes `operation` (no `kms:` prefix) for the caller, or 'none'. */
export function grantAuthorizes(g: GrantView, caller: PolicyPrincipal, operation: string, ec: EncryptionContext): PrincipalMatch {
  if (!g.operations.includes(operation)) return 'none'
  if (!UNCONSTRAINED.has(operation) && !constraintsHold(g.constraints, ec)) return 'none'
  return granteeMatch(g.granteePrincipal, caller)
}

const subsetOf = (a: EncryptionContext, b: EncryptionContext) => entries(a).every(([k, v]) => b[k] === v)

/**
 * Whether a grant that allows CreateGrant may create `child`: only operations it holds, and
 * constraints equal or stricter than its own.
 */
export function mayDelegate(parent: GrantView, child: { operations: readonly string[]; constraints?: GrantConstraintsView }): boolean {
  if (!child.operations.every((op) => parent.operations.includes(op))) return false
  const p = parent.constraints
  const c = child.constraints ?? {}
  if (p?.encryptionContextEquals) {
    const ce = c.encryptionContextEquals
    if (!ce || !subsetOf(ce, p.encryptionContextEquals) || !subsetOf(p.encryptionContextEquals, ce)) return false
  }
  if (p?.encryptionContextSubset) {
    const within = c.encryptionContextEquals ?? c.encryptionContextSubset
    if (!within || !subsetOf(p.encryptionContextSubset, within)) return false
  }
  return true
}

/**
 * Who may retire a grant: its retiring principal, its grantee when the grant allows RetireGrant, or
 * the root of the account that created it (AWS KMS API Reference, RetireGrant).
 */
export function mayRetire(g: GrantView, caller: PolicyPrincipal): boolean {
  const named = (arn: string | undefined) => arn !== undefined && (arn === caller.arn || arn === caller.roleArn)
  if (named(g.retiringPrincipal)) return true
  if (g.operations.includes('RetireGrant') && granteeMatch(g.granteePrincipal, caller) === 'direct') return true
  return caller.type === 'Account' && caller.accountId === g.issuingAccount
}
