/**
 * The IAM entities Trent keeps, as JSON records in the storage port's iam_entities table, and their
 * AWS-shaped identifiers. Names are unique case-insensitively (as in IAM), so an entity's storage name
 * is its lower-cased name while the record keeps the name as given.
 */
import { randomInt } from 'node:crypto'

export interface Tag { Key: string; Value: string }

export interface AccountRecord { accountId: string; createdAt: number }
export interface UserRecord { userName: string; userId: string; path: string; arn: string; createdAt: number; tags: Tag[] }
export interface RoleRecord {
  roleName: string; roleId: string; path: string; arn: string; createdAt: number; assumeRolePolicyDocument: string
  maxSessionDuration: number; description?: string; tags: Tag[]
}
export interface GroupRecord { groupName: string; groupId: string; path: string; arn: string; createdAt: number }
/** userName '' is the account root's own access key. */
export interface AccessKeyRecord {
  accessKeyId: string; userName: string; status: 'Active' | 'Inactive'; createdAt: number
  /** The user's unique id (AIDA...): a key never authenticates a later user of the same name. Absent for roots' keys and keys stored before it existed. */
  userId?: string
}
export interface InlinePolicyRecord { policyName: string; document: string }
export interface MembershipRecord { groupName: string; userName: string }
export interface SessionRecord {
  accessKeyId: string; roleName: string; roleId: string; roleArn: string; sessionName: string; createdAt: number; expiresAt: number
}
/** What an access key's or a session's sealed value holds. */
export interface SealedSecret { secretAccessKey: string; sessionToken?: string }

/** Who holds inline policies. */
export type PolicyOwner = 'user' | 'role' | 'group'

export const nameKey = (name: string): string => name.toLowerCase()
export const policyOwnerKey = (kind: PolicyOwner, name: string): string => `${kind}/${nameKey(name)}`
export const policyKey = (kind: PolicyOwner, owner: string, policyName: string): string => `${policyOwnerKey(kind, owner)}/${policyName}`
export const membershipKey = (groupName: string, userName: string): string => `${nameKey(groupName)}/${nameKey(userName)}`

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** AWS unique ids: a 4-letter prefix naming the kind (AIDA user, AROA role, AGPA group, AKIA/ASIA keys) + 17 chars. */
export function uniqueId(prefix: 'AIDA' | 'AROA' | 'AGPA' | 'AKIA' | 'ASIA', length = 17): string {
  let id = prefix
  for (let i = 0; i < length; i++) id += BASE32[randomInt(BASE32.length)]
  return id
}

export const userArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:user${path}${name}`
export const roleArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:role${path}${name}`
export const groupArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:group${path}${name}`
export const assumedRoleArn = (accountId: string, role: string, session: string): string => `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`

export const tagMap = (tags: readonly Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.Key, t.Value]))
