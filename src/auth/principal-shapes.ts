/** Principals built from IAM records: what an access key or a session authenticates as. */
import { assumedRoleArn, tagMap, type RoleRecord, type SessionRecord, type UserRecord } from '../iam/records.js'
import { rootPrincipal, type Principal } from './principal.js'

export { rootPrincipal }

export function userPrincipal(accountId: string, user: UserRecord, accessKeyId: string): Principal {
  return { accountId, arn: user.arn, type: 'IAMUser', accessKeyId, principalId: user.userId, userName: user.userName, tags: tagMap(user.tags) }
}

/** A role session: aws:userid is `<role id>:<session name>`, and aws:PrincipalTag comes from the role. */
export function rolePrincipal(accountId: string, role: RoleRecord, session: SessionRecord): Principal {
  return {
    accountId, arn: assumedRoleArn(accountId, role.roleName, session.sessionName), type: 'AssumedRole', accessKeyId: session.accessKeyId,
    principalId: `${role.roleId}:${session.sessionName}`, tags: tagMap(role.tags), roleArn: role.arn, sessionName: session.sessionName,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: role.roleId, arn: role.arn, accountId, userName: role.roleName },
      attributes: { creationDate: new Date(session.createdAt).toISOString(), mfaAuthenticated: 'false' },
    },
  }
}
