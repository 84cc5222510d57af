/** IAM groups: CreateGroup, GetGroup (with its users), AddUserToGroup, ListGroupsForUser. Changes commit with their call's audit record. */
import type { AuditScope } from '../audit/audit-scope.js'
import { EntityAlreadyExists, NoSuchEntity } from './errors.js'
import { getEntity, insertEntity, listEntities, putEntity, type IamContext } from './entities.js'
import { groupArn, membershipKey, nameKey, uniqueId, type GroupRecord, type MembershipRecord, type UserRecord } from './records.js'
import { lockUser, requireUser } from './users.js'
import type { StoreReader } from '../storage/types.js'

export async function requireGroup(r: StoreReader, accountId: string, groupName: string): Promise<GroupRecord> {
  const group = await getEntity<GroupRecord>(r, accountId, 'group', nameKey(groupName))
  if (!group) throw new NoSuchEntity(`The group with name ${groupName} cannot be found.`)
  return group
}

export async function createGroup(ctx: IamContext, audit: AuditScope, accountId: string, groupName: string, path = '/'): Promise<GroupRecord> {
  return audit.transact(ctx.store, async (tx) => {
    const group: GroupRecord = { groupName, groupId: uniqueId('AGPA'), path, arn: groupArn(accountId, path, groupName), createdAt: ctx.clock.now() }
    await insertEntity(tx, accountId, 'group', nameKey(groupName), '', group, () => new EntityAlreadyExists(`Group with name ${groupName} already exists.`))
    return { result: group, iam: { group } }
  })
}

/** Memberships are stored owned by the user, so a user's groups are one indexed read. */
export async function addUserToGroup(ctx: IamContext, audit: AuditScope, accountId: string, groupName: string, userName: string): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    const group = await requireGroup(tx, accountId, groupName)
    const user = await lockUser(tx, accountId, userName)
    const record: MembershipRecord = { groupName: group.groupName, userName: user.userName }
    await putEntity(tx, accountId, 'membership', membershipKey(group.groupName, user.userName), nameKey(user.userName), record)
    return { result: undefined }
  })
}

export async function groupsOf(r: StoreReader, accountId: string, userName: string): Promise<GroupRecord[]> {
  const memberships = await listEntities<MembershipRecord>(r, accountId, 'membership', nameKey(userName))
  const groups = await Promise.all(memberships.map((m) => getEntity<GroupRecord>(r, accountId, 'group', nameKey(m.groupName))))
  return groups.filter((g): g is GroupRecord => g !== undefined)
}

export async function listGroupsForUser(ctx: IamContext, accountId: string, userName: string): Promise<GroupRecord[]> {
  const user = await requireUser(ctx.store.read, accountId, userName)
  return groupsOf(ctx.store.read, accountId, user.userName)
}

export async function getGroup(ctx: IamContext, accountId: string, groupName: string): Promise<{ group: GroupRecord; users: UserRecord[] }> {
  const group = await requireGroup(ctx.store.read, accountId, groupName)
  const prefix = `${nameKey(group.groupName)}/`
  const members = (await ctx.store.read.listIamEntities(accountId, 'membership')).filter((e) => e.name.startsWith(prefix))
  const users = await Promise.all(members.map((m) => getEntity<UserRecord>(ctx.store.read, accountId, 'user', m.owner)))
  return { group, users: users.filter((u): u is UserRecord => u !== undefined) }
}

export async function removeUserFromGroup(ctx: IamContext, audit: AuditScope, accountId: string, groupName: string, userName: string): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    const group = await requireGroup(tx, accountId, groupName)
    const user = await requireUser(tx, accountId, userName)
    await tx.deleteIamEntity(accountId, 'membership', membershipKey(group.groupName, user.userName))
    return { result: undefined }
  })
}
