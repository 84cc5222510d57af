/**
 * requestParameters and responseElements of IAM and STS calls, as CloudTrail records them (IAM User
 * Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail": the CreateUser, CreateAccessKey,
 * PutUserPolicy and AssumeRole examples). Parameters come from an allowlist of the members Trent's
 * actions take, because the Query protocol marks nothing sensitive: a secret a later action adds (a
 * password) stays out until it is described here. Policy documents are recorded, as AWS does. Secrets a
 * call returns (secret access keys, session tokens) are never part of an outcome, so never recorded.
 */
import type { AccessKeyRecord, GroupRecord, RoleRecord, SessionRecord, Tag, UserRecord } from '../iam/records.js'
import { cloudTrailDate } from './parameters.js'

/** What an IAM or STS transaction committed, for its record's responseElements. */
export interface IamOutcome {
  user?: UserRecord
  accessKey?: AccessKeyRecord
  role?: RoleRecord
  group?: GroupRecord
  session?: { record: SessionRecord; assumedRoleArn: string }
}

/** The form members recorded, with their lowerCamelCase names; numbers are recorded as numbers. */
const STRINGS = [
  'UserName', 'Path', 'PathPrefix', 'AccessKeyId', 'Status', 'PolicyName', 'PolicyDocument', 'RoleName', 'GroupName',
  'AssumeRolePolicyDocument', 'Description', 'RoleArn', 'RoleSessionName',
]
const NUMBERS = ['MaxSessionDuration', 'DurationSeconds']

export interface QueryForm { opt(name: string): string | undefined; tags(): Tag[] }

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1)

export function iamRequestParameters(form: QueryForm): Record<string, unknown> | null {
  const out: Record<string, unknown> = {}
  for (const name of STRINGS) {
    const v = form.opt(name)
    if (v !== undefined) out[lowerFirst(name)] = v
  }
  for (const name of NUMBERS) {
    const v = form.opt(name)
    if (v !== undefined) out[lowerFirst(name)] = /^-?\d+$/.test(v) ? Number(v) : v
  }
  const tags = form.tags()
  if (tags.length) out['tags'] = tags.map((t) => ({ key: t.Key, value: t.Value }))
  return Object.keys(out).length ? out : null
}

const tagged = (tags: readonly Tag[]): Record<string, unknown> => (tags.length ? { tags: tags.map((t) => ({ key: t.Key, value: t.Value })) } : {})

/** The examples' responseElements: the entity created (user, accessKey without its secret, role, group) or the session's public half. */
export function iamResponseElements(o: IamOutcome): Record<string, unknown> | null {
  if (o.user) {
    const u = o.user
    return { user: { path: u.path, userName: u.userName, userId: u.userId, arn: u.arn, createDate: cloudTrailDate(u.createdAt), ...tagged(u.tags) } }
  }
  if (o.accessKey) {
    const k = o.accessKey
    return { accessKey: { accessKeyId: k.accessKeyId, status: k.status, userName: k.userName, createDate: cloudTrailDate(k.createdAt) } }
  }
  if (o.role) {
    const r = o.role
    return {
      role: {
        path: r.path, roleName: r.roleName, roleId: r.roleId, arn: r.arn, createDate: cloudTrailDate(r.createdAt),
        // CloudTrail's CreateRole example shows the trust policy URL-encoded, as the IAM API returns it.
        assumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicyDocument), maxSessionDuration: r.maxSessionDuration,
        ...(r.description !== undefined ? { description: r.description } : {}), ...tagged(r.tags),
      },
    }
  }
  if (o.group) {
    const g = o.group
    return { group: { path: g.path, groupName: g.groupName, groupId: g.groupId, arn: g.arn, createDate: cloudTrailDate(g.createdAt) } }
  }
  if (o.session) {
    const { record: s, assumedRoleArn } = o.session
    return {
      credentials: { accessKeyId: s.accessKeyId, expiration: cloudTrailDate(s.expiresAt) },
      assumedRoleUser: { assumedRoleId: `${s.roleId}:${s.sessionName}`, arn: assumedRoleArn },
    }
  }
  return null
}
