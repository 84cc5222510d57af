/**
 * Who a request comes from, as policies see it, and the Principal / NotPrincipal element.
 * Matching answers three ways because a key policy treats the account differently from IAM: naming
 * `arn:aws:iam::<acct>:root` (or the bare account id) authorizes the account's root user directly but
 * only *delegates* to IAM for the account's users and roles (AWS KMS Developer Guide, "Default key
 * policy"). A role ARN matches every session of that role.
 */

/** The caller, as policies see it. */
export interface PolicyPrincipal {
  /** The caller's ARN: `...:root`, `...:user/name`, `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  arn: string
  accountId: string
  /** aws:PrincipalType: `Account` (root), `User`, `AssumedRole`, `FederatedUser`, or `Service`. */
  type: 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service'
  /** aws:userid (unique id; `<role-id>:<session>` for role sessions). */
  userId: string
  /** aws:username, IAM users only. */
  userName?: string
  /** The role an assumed-role session belongs to: role ARNs in policies match its sessions. */
  roleArn?: string
  /** For `Service` principals: the service principal name, e.g. `ec2.amazonaws.com`. */
  service?: string
  /** aws:PrincipalTag/* */
  tags?: Readonly<Record<string, string>>
}

export type PrincipalMatch = 'none' | 'direct' | 'account'

export interface CompiledPrincipals {
  readonly any: boolean
  readonly arns: ReadonlySet<string>
  readonly accounts: ReadonlySet<string>
  readonly services: ReadonlySet<string>
}

export const INVALID_PRINCIPAL = 'Policy contains a statement with one or more invalid principals.'

const ACCOUNT_ID = /^\d{12}$/
const ROOT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:[^*?]+$/
// AWS service principals (`logs.amazonaws.com`) and Trent's configured trusted services alike.
const SERVICE = /^[a-z0-9][a-z0-9.-]*$/

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v])

/** Compiles a Principal or NotPrincipal element; a string is the reason it is invalid. */
export function compilePrincipals(element: unknown): CompiledPrincipals | string {
  const out = { any: false, arns: new Set<string>(), accounts: new Set<string>(), services: new Set<string>() }
  if (element === '*') return { ...out, any: true }
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return INVALID_PRINCIPAL
  const entries = Object.entries(element)
  if (entries.length === 0) return INVALID_PRINCIPAL
  for (const [kind, value] of entries) {
    const values = list(value)
    if (values.length === 0) return INVALID_PRINCIPAL
    for (const v of values) {
      if (typeof v !== 'string') return INVALID_PRINCIPAL
      if (kind === 'AWS') {
        const root = ROOT_ARN.exec(v)
        if (v === '*') out.any = true
        else if (ACCOUNT_ID.test(v)) out.accounts.add(v)
        else if (root) out.accounts.add(root[1] ?? '')
        else if (PRINCIPAL_ARN.test(v)) out.arns.add(v)
        else return INVALID_PRINCIPAL
      } else if (kind === 'Service') {
        if (!SERVICE.test(v)) return INVALID_PRINCIPAL
        out.services.add(v)
      } else if (kind !== 'Federated' && kind !== 'CanonicalUser') {
        // Federated and CanonicalUser are valid IAM syntax; Trent has no such callers, so they never match.
        return INVALID_PRINCIPAL
      }
    }
  }
  return out
}

/** How a compiled Principal element names the caller. */
export function matchPrincipal(p: CompiledPrincipals, caller: PolicyPrincipal): PrincipalMatch {
  if (p.any) return 'direct'
  if (caller.type === 'Service') return caller.service !== undefined && p.services.has(caller.service) ? 'direct' : 'none'
  if (p.arns.has(caller.arn) || (caller.roleArn !== undefined && p.arns.has(caller.roleArn))) return 'direct'
  if (p.accounts.has(caller.accountId)) return caller.type === 'Account' ? 'direct' : 'account'
  return 'none'
}
