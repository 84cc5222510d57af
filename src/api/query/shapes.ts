/** IAM records as the IAM model's output shapes (User, Role, Group, AccessKeyMetadata). */
import type { AccessKeyRecord, GroupRecord, RoleRecord, Tag, UserRecord } from '../../iam/records.js'
import { isoSeconds, type XmlObject } from './xml.js'

const tagList = (tags: readonly Tag[]): XmlObject[] | undefined => (tags.length ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined)

/** Policy documents travel URL-encoded (RFC 3986) in IAM responses, as AWS sends them. */
export const encodePolicy = (document: string): string => encodeURIComponent(document)

export const userShape = (u: UserRecord, withTags = false): XmlObject => ({
  Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: isoSeconds(u.createdAt), Tags: withTags ? tagList(u.tags) : undefined,
})

export const roleShape = (r: RoleRecord, withTags = false): XmlObject => ({
  Path: r.path, RoleName: r.roleName, RoleId: r.roleId, Arn: r.arn, CreateDate: isoSeconds(r.createdAt),
  AssumeRolePolicyDocument: encodePolicy(r.assumeRolePolicyDocument), Description: r.description, MaxSessionDuration: r.maxSessionDuration,
  Tags: withTags ? tagList(r.tags) : undefined,
})

export const groupShape = (g: GroupRecord): XmlObject => ({ Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: isoSeconds(g.createdAt) })

export const accessKeyShape = (k: AccessKeyRecord): XmlObject => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: isoSeconds(k.createdAt) })
