/**
 * Accounts: the configured default account exists implicitly (its root credentials live in a setting,
 * auth/root-credentials.ts); others are created by `trent account create`, each with root credentials
 * stored as a sealed access key of the account's root (userName '').
 */
import { randomInt } from 'node:crypto'
import { generateCredential } from '../auth/root-credentials.js'
import type { Credential } from '../api/sigv4.js'
import { EntityAlreadyExists, ValidationError } from './errors.js'
import { insertEntity, listEntities, type IamContext } from './entities.js'
import { putRootAccessKey } from './access-keys.js'
import type { AccountRecord } from './records.js'
import type { StoreReader } from '../storage/types.js'

/** Accounts are stored under this pseudo account id, so all of them list with one read. */
const ACCOUNTS = ''

export interface NewAccount { accountId: string; accessKeyId: string; secretAccessKey: string }

/** `given` is the seed file's fixed root credential (src/seed), for reproducible tests; otherwise one is generated. */
export async function createAccount(ctx: IamContext, defaultAccountId: string, requested?: string, given?: Credential): Promise<NewAccount> {
  if (requested !== undefined && !/^\d{12}$/.test(requested)) throw new ValidationError(`The account id '${requested}' must be 12 digits.`)
  const accountId = requested ?? String(randomInt(100_000_000_000, 1_000_000_000_000)).padStart(12, '0')
  const credential = given ?? generateCredential()
  await ctx.store.transaction(async (tx) => {
    const exists = () => new EntityAlreadyExists(`Account ${accountId} already exists.`)
    if (accountId === defaultAccountId) throw exists()
    if (given && (await tx.findIamEntity('access-key', given.accessKeyId))) throw new EntityAlreadyExists(`Access key ${given.accessKeyId} already exists.`)
    await insertEntity(tx, ACCOUNTS, 'account', accountId, '', { accountId, createdAt: ctx.clock.now() } satisfies AccountRecord, exists)
    await putRootAccessKey(ctx, tx, accountId, credential.accessKeyId, credential.secretAccessKey)
  })
  return { accountId, accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey }
}

/** Every stored account (the default account is not stored). */
export async function listAccounts(r: StoreReader): Promise<AccountRecord[]> {
  return listEntities<AccountRecord>(r, ACCOUNTS, 'account')
}

export async function accountExists(r: StoreReader, accountId: string): Promise<boolean> {
  return (await r.getIamEntity(ACCOUNTS, 'account', accountId)) !== undefined
}
