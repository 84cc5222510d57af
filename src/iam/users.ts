/**
 * IAM users: CreateUser, GetUser, ListUsers, DeleteUser (DeleteConflict while it has keys, policies or groups), TagUser.
 * Every change commits with its call's audit record (`audit.transact`): both or neither.
 */
import type { AuditScope } from '../audit/audit-scope.js'
import { DeleteConflict, EntityAlreadyExists, NoSuchEntity } from './errors.js'
import { getEntity, insertEntity, listEntities, lockEntity, putEntity, type IamContext } from './entities.js'
import { nameKey, policyOwnerKey, uniqueId, userArn, type Tag, type UserRecord } from './records.js'
import type { StoreReader, StoreTx } from '../storage/types.js'

export async function requireUser(r: StoreReader, accountId: string, userName: string): Promise<UserRecord> {
  const user = await getEntity<UserRecord>(r, accountId, 'user', nameKey(userName))
  if (!user) throw new NoSuchEntity(`The user with name ${userName} cannot be found.`)
  return user
}

/**
 * requireUser, holding the user until the transaction ends: what is written for a user (access keys,
 * inline policies, memberships) cannot interleave with its deletion and be left to a new user of the name.
 */
export async function lockUser(tx: StoreTx, accountId: string, userName: string): Promise<UserRecord> {
  const user = await lockEntity<UserRecord>(tx, accountId, 'user', nameKey(userName))
  if (!user) throw new NoSuchEntity(`The user with name ${userName} cannot be found.`)
  return user
}

export async function createUser(ctx: IamContext, audit: AuditScope, accountId: string, userName: string, path = '/', tags: Tag[] = []): Promise<UserRecord> {
  return audit.transact(ctx.store, async (tx) => {
    const exists = () => new EntityAlreadyExists(`User with name ${userName} already exists.`)
    const user: UserRecord = { userName, userId: uniqueId('AIDA'), path, arn: userArn(accountId, path, userName), createdAt: ctx.clock.now(), tags }
    await insertEntity(tx, accountId, 'user', nameKey(userName), '', user, exists)
    return { result: user, iam: { user } }
  })
}

export async function listUsers(ctx: IamContext, accountId: string, pathPrefix = '/'): Promise<UserRecord[]> {
  return (await listEntities<UserRecord>(ctx.store.read, accountId, 'user')).filter((u) => u.path.startsWith(pathPrefix))
}

export async function deleteUser(ctx: IamContext, audit: AuditScope, accountId: string, userName: string): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    const user = await lockUser(tx, accountId, userName)
    const key = nameKey(user.userName)
    if ((await tx.listIamEntities(accountId, 'access-key', key)).length) throw new DeleteConflict('Cannot delete entity, must delete access keys first.')
    if ((await tx.listIamEntities(accountId, 'policy', policyOwnerKey('user', key))).length) throw new DeleteConflict('Cannot delete entity, must delete policies first.')
    if ((await tx.listIamEntities(accountId, 'membership', key)).length) throw new DeleteConflict('Cannot delete entity, must remove users from group first.')
    await tx.deleteIamEntity(accountId, 'user', key)
    return { result: undefined }
  })
}

/** Adds or replaces tags by key (AWS: "If a tag with the same key name already exists, then that tag is overwritten"). */
export async function tagUser(ctx: IamContext, audit: AuditScope, accountId: string, userName: string, tags: Tag[]): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    const user = await requireUser(tx, accountId, userName)
    const merged = new Map(user.tags.map((t) => [t.Key, t.Value]))
    for (const t of tags) merged.set(t.Key, t.Value)
    await putEntity(tx, accountId, 'user', nameKey(user.userName), '', { ...user, tags: [...merged].map(([Key, Value]) => ({ Key, Value })) })
    return { result: undefined }
  })
}
