/**
 * Who made a request, as SigV4 authentication established it: the account root, an IAM user, or a
 * session of an assumed role. Carries what policies (PolicyPrincipal) and CloudTrail's userIdentity need.
 */
import type { PolicyPrincipal } from '../policy/index.js'

/** CloudTrail's userIdentity.type. */
export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole'

/** CloudTrail's userIdentity.sessionContext, for role sessions. */
export interface SessionContext {
  sessionIssuer: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string }
  attributes: { creationDate: string; mfaAuthenticated: 'false' }
}

export interface Principal {
  /** The account the principal belongs to (12 digits). */
  accountId: string
  /** `arn:aws:iam::<acct>:root`, `arn:aws:iam::<acct>:user/<name>`, `arn:aws:sts::<acct>:assumed-role/<role>/<session>` */
  arn: string
  type: PrincipalType
  accessKeyId: string
  /** CloudTrail's principalId and aws:userid: the account id (root), AIDA... (user), AROA...:<session> (role session). */
  principalId: string
  /** IAM users only: aws:username. */
  userName?: string
  /** aws:PrincipalTag/*: the user's tags, or the role's for a session. */
  tags?: Readonly<Record<string, string>>
  /** Role sessions only. */
  roleArn?: string
  sessionName?: string
  sessionContext?: SessionContext
}

/** The principal as the policy library sees it. */
export function policyPrincipal(p: Principal): PolicyPrincipal {
  const type = p.type === 'Root' ? 'Account' : p.type === 'IAMUser' ? 'User' : 'AssumedRole'
  return {
    arn: p.arn, accountId: p.accountId, type, userId: p.principalId,
    ...(p.userName !== undefined ? { userName: p.userName } : {}),
    ...(p.roleArn !== undefined ? { roleArn: p.roleArn } : {}),
    ...(p.tags !== undefined ? { tags: p.tags } : {}),
  }
}

/** The account root principal of an account. */
export function rootPrincipal(accountId: string, accessKeyId: string): Principal {
  return { accountId, arn: `arn:aws:iam::${accountId}:root`, type: 'Root', accessKeyId, principalId: accountId }
}
