/**
 * Typed access to the storage port's IAM entities, and what every IAM operation receives (IamContext).
 */
import type { Clock } from '../clock.js'
import type { Keyring } from '../keyring/keyring.js'
import type { IamEntityKind } from '../storage/iam-entity.js'
import { StorageConflictError, type StoreReader, type StoreTx, type Storage } from '../storage/types.js'
import type { SealedSecret } from './records.js'

export interface IamContext {
  store: Storage
  keyring: Keyring
  clock: Clock
}

/** AAD binding a sealed secret to the entity it belongs to, so it cannot be moved to another. */
export const secretAad = (kind: IamEntityKind, name: string): Buffer => Buffer.from(`trent:iam:${kind}:${name}`, 'utf8')

export async function getEntity<T>(r: StoreReader, accountId: string, kind: IamEntityKind, name: string): Promise<T | undefined> {
  const e = await r.getIamEntity(accountId, kind, name)
  return e && (JSON.parse(e.record) as T)
}

/** getEntity, holding the entity until the transaction ends (StoreTx.lockIamEntity). */
export async function lockEntity<T>(tx: StoreTx, accountId: string, kind: IamEntityKind, name: string): Promise<T | undefined> {
  const e = await tx.lockIamEntity(accountId, kind, name)
  return e && (JSON.parse(e.record) as T)
}

export async function listEntities<T>(r: StoreReader, accountId: string, kind: IamEntityKind, owner?: string): Promise<T[]> {
  return (await r.listIamEntities(accountId, kind, owner)).map((e) => JSON.parse(e.record) as T)
}

export async function putEntity(tx: StoreTx, accountId: string, kind: IamEntityKind, name: string, owner: string, record: object, sealed: Buffer | null = null, purgeAt: number | null = null): Promise<void> {
  await tx.putIamEntity({ accountId, kind, name, owner, record: JSON.stringify(record), sealed, purgeAt })
}

/**
 * Inserts a new entity; one created concurrently (another node, same name) makes this `exists()`, never an
 * overwrite: a check-then-write alone would let two CreateUser calls both succeed under READ COMMITTED.
 */
export async function insertEntity(tx: StoreTx, accountId: string, kind: IamEntityKind, name: string, owner: string, record: object, exists: () => Error, sealed: Buffer | null = null): Promise<void> {
  try {
    await tx.insertIamEntity({ accountId, kind, name, owner, record: JSON.stringify(record), sealed, purgeAt: null })
  } catch (err) {
    throw err instanceof StorageConflictError ? exists() : err
  }
}

export async function sealSecret(ctx: IamContext, kind: IamEntityKind, name: string, secret: SealedSecret): Promise<Buffer> {
  return ctx.keyring.seal(Buffer.from(JSON.stringify(secret), 'utf8'), secretAad(kind, name))
}

export async function unsealSecret(ctx: Pick<IamContext, 'keyring'>, kind: IamEntityKind, name: string, sealed: Buffer): Promise<SealedSecret> {
  return JSON.parse((await ctx.keyring.unseal(sealed, secretAad(kind, name))).toString('utf8')) as SealedSecret
}
