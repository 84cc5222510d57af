/**
 * Access keys of IAM users (and of account roots, userName ''): CreateAccessKey shows the secret once;
 * it is stored only sealed. At most two per user, as AWS's AccessKeysPerUser quota. Every change commits with its call's audit record (`audit.transact`); the
 * record's outcome carries the key's metadata, never its secret.
 */
import type { AuditScope } from '../audit/audit-scope.js'
import { randomBytes } from 'node:crypto'
import { EntityAlreadyExists, LimitExceeded, NoSuchEntity } from './errors.js'
import type { Credential } from '../api/sigv4.js'
import { getEntity, listEntities, putEntity, sealSecret, type IamContext } from './entities.js'
import { nameKey, uniqueId, type AccessKeyRecord } from './records.js'
import { lockUser, requireUser } from './users.js'
import type { StoreTx } from '../storage/types.js'

const KEYS_PER_USER = 2

export interface NewAccessKey { record: AccessKeyRecord; secretAccessKey: string }

/** `given` is the seed file's fixed credential (src/seed); callers of the API always get a generated one. */
export async function createAccessKey(ctx: IamContext, audit: AuditScope, accountId: string, userName: string, given?: Credential): Promise<NewAccessKey> {
  const secretAccessKey = given?.secretAccessKey ?? randomBytes(30).toString('base64')
  const accessKeyId = given?.accessKeyId ?? uniqueId('AKIA', 16)
  const sealed = await sealSecret(ctx, 'access-key', accessKeyId, { secretAccessKey })
  return audit.transact(ctx.store, async (tx) => {
    // Generated ids cannot collide in practice; a fixed one can, and must never take over another principal's key.
    if (given && (await tx.findIamEntity('access-key', accessKeyId))) throw new EntityAlreadyExists(`Access key ${accessKeyId} already exists.`)
    const user = await lockUser(tx, accountId, userName)
    if ((await tx.listIamEntities(accountId, 'access-key', nameKey(user.userName))).length >= KEYS_PER_USER) {
      throw new LimitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`)
    }
    const record: AccessKeyRecord = { accessKeyId, userName: user.userName, userId: user.userId, status: 'Active', createdAt: ctx.clock.now() }
    await putEntity(tx, accountId, 'access-key', accessKeyId, nameKey(user.userName), record, sealed)
    return { result: { record, secretAccessKey }, iam: { accessKey: record } }
  })
}

/** Writes an account root's access key (trent account create). */
export async function putRootAccessKey(ctx: IamContext, tx: StoreTx, accountId: string, accessKeyId: string, secretAccessKey: string): Promise<void> {
  const sealed = await sealSecret(ctx, 'access-key', accessKeyId, { secretAccessKey })
  await putEntity(tx, accountId, 'access-key', accessKeyId, '', { accessKeyId, userName: '', status: 'Active', createdAt: ctx.clock.now() } satisfies AccessKeyRecord, sealed)
}

export async function listAccessKeys(ctx: IamContext, accountId: string, userName: string): Promise<AccessKeyRecord[]> {
  const user = await requireUser(ctx.store.read, accountId, userName)
  return listEntities<AccessKeyRecord>(ctx.store.read, accountId, 'access-key', nameKey(user.userName))
}

async function requireKey(tx: StoreTx, accountId: string, userName: string, accessKeyId: string): Promise<AccessKeyRecord> {
  const user = await requireUser(tx, accountId, userName)
  const key = await getEntity<AccessKeyRecord>(tx, accountId, 'access-key', accessKeyId)
  if (!key || nameKey(key.userName) !== nameKey(user.userName)) throw new NoSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`)
  return key
}

export async function updateAccessKey(ctx: IamContext, audit: AuditScope, accountId: string, userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    const key = await requireKey(tx, accountId, userName, accessKeyId)
    const entity = (await tx.getIamEntity(accountId, 'access-key', accessKeyId))!
    await tx.putIamEntity({ ...entity, record: JSON.stringify({ ...key, status }) })
    return { result: undefined }
  })
}

export async function deleteAccessKey(ctx: IamContext, audit: AuditScope, accountId: string, userName: string, accessKeyId: string): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    await requireKey(tx, accountId, userName, accessKeyId)
    await tx.deleteIamEntity(accountId, 'access-key', accessKeyId)
    return { result: undefined }
  })
}
