/**
 * Applies the seed file's accounts and principals, before its keys so key policies can name them.
 * Everything is created through the IAM domain functions the IAM API uses (names and paths checked as
 * the API checks them, policies validated, secrets sealed), each change with its seed AwsServiceEvent
 * (seed-iam-event.ts). What exists must match the seed: a difference is a SeedError naming it, never
 * an overwrite. Only what the seed states is compared (extra keys or policies added later are kept).
 */
import { checkIamName, checkIamPath } from '../api/query/params.js'
import { createAccessKey } from '../iam/access-keys.js'
import { accountExists, createAccount } from '../iam/accounts.js'
import { getEntity, type IamContext } from '../iam/entities.js'
import { addUserToGroup, createGroup } from '../iam/groups.js'
import { putPolicy } from '../iam/inline-policies.js'
import { membershipKey, nameKey, policyKey, type GroupRecord, type InlinePolicyRecord, type PolicyOwner, type RoleRecord, type UserRecord } from '../iam/records.js'
import { createRole } from '../iam/roles.js'
import { createUser } from '../iam/users.js'
import type { KmsContext } from '../kms/context.js'
import { samePolicy, sameSecret } from './seed-compare.js'
import { SeedError } from './seed-error.js'
import { seedIamEvent } from './seed-iam-event.js'
import type { SeedAccount, SeedGroup, SeedPolicies, SeedRole, SeedUser } from './seed-principals-file.js'

export type Outcome = 'created' | 'unchanged'

/** What seeding principals needs: the KMS context (audit, clock), the IAM one, and the default account. */
export interface PrincipalSeeding { ctx: KmsContext; iam: IamContext; defaultAccountId: string }

const never = 'Trent never overwrites principals from the seed file: change the seed file or the principal.'

export async function seedAccount(s: PrincipalSeeding, seed: SeedAccount): Promise<Outcome> {
  if (seed.accountId === s.defaultAccountId) {
    throw new SeedError('it is the default account (TRENT_ACCOUNT_ID); its root credentials are TRENT_ROOT_ACCESS_KEY_ID and TRENT_ROOT_SECRET_ACCESS_KEY')
  }
  const read = s.iam.store.read
  if (!(await accountExists(read, seed.accountId))) {
    await createAccount(s.iam, s.defaultAccountId, seed.accountId, seed.rootCredentials)
    return 'created'
  }
  if (seed.rootCredentials) {
    const stored = await read.findIamEntity('access-key', seed.rootCredentials.accessKeyId)
    if (!stored || stored.accountId !== seed.accountId || stored.owner !== '' || !(await sameSecret(s.iam, stored, seed.rootCredentials))) {
      throw new SeedError(`the account exists and its root credentials are not access key ${seed.rootCredentials.accessKeyId} with the seed's secret. ${never}`)
    }
  }
  return 'unchanged'
}

export async function seedGroup(s: PrincipalSeeding, seed: SeedGroup): Promise<Outcome> {
  const accountId = await account(s, seed.accountId)
  checkIamName(seed.groupName, 'groupName', 128)
  const path = checkIamPath(seed.path ?? '/')
  const existing = await getEntity<GroupRecord>(s.iam.store.read, accountId, 'group', nameKey(seed.groupName))
  let created = !existing
  if (existing) samePath(existing.path, path)
  else await createGroup(s.iam, seedIamEvent(s.ctx, 'CreateGroup', accountId), accountId, seed.groupName, path)
  created = (await seedPolicies(s, accountId, 'group', seed.groupName, seed.policies)) || created
  return created ? 'created' : 'unchanged'
}

export async function seedUser(s: PrincipalSeeding, seed: SeedUser): Promise<Outcome> {
  const accountId = await account(s, seed.accountId)
  checkIamName(seed.userName, 'userName')
  const path = checkIamPath(seed.path ?? '/')
  const read = s.iam.store.read
  const existing = await getEntity<UserRecord>(read, accountId, 'user', nameKey(seed.userName))
  let created = !existing
  if (existing) samePath(existing.path, path)
  else await createUser(s.iam, seedIamEvent(s.ctx, 'CreateUser', accountId), accountId, seed.userName, path)
  for (const key of seed.accessKeys) {
    const stored = await read.findIamEntity('access-key', key.accessKeyId)
    if (!stored) {
      await createAccessKey(s.iam, seedIamEvent(s.ctx, 'CreateAccessKey', accountId), accountId, seed.userName, key)
      created = true
    } else if (stored.accountId !== accountId || stored.owner !== nameKey(seed.userName) || !(await sameSecret(s.iam, stored, key))) {
      throw new SeedError(`access key ${key.accessKeyId} exists and is not this user's key with the seed's secret. ${never}`)
    }
  }
  created = (await seedPolicies(s, accountId, 'user', seed.userName, seed.policies)) || created
  for (const group of seed.groups) {
    if (await read.getIamEntity(accountId, 'membership', membershipKey(group, seed.userName))) continue
    await addUserToGroup(s.iam, seedIamEvent(s.ctx, 'AddUserToGroup', accountId), accountId, group, seed.userName)
    created = true
  }
  return created ? 'created' : 'unchanged'
}

export async function seedRole(s: PrincipalSeeding, seed: SeedRole): Promise<Outcome> {
  const accountId = await account(s, seed.accountId)
  checkIamName(seed.roleName, 'roleName')
  const path = checkIamPath(seed.path ?? '/')
  const existing = await getEntity<RoleRecord>(s.iam.store.read, accountId, 'role', nameKey(seed.roleName))
  let created = !existing
  if (existing) {
    samePath(existing.path, path)
    if (!samePolicy(existing.assumeRolePolicyDocument, seed.assumeRolePolicyDocument)) throw new SeedError(`the role exists with a different assumeRolePolicyDocument. ${never}`)
  } else {
    await createRole(s.iam, seedIamEvent(s.ctx, 'CreateRole', accountId), accountId, { roleName: seed.roleName, path, assumeRolePolicyDocument: seed.assumeRolePolicyDocument })
  }
  created = (await seedPolicies(s, accountId, 'role', seed.roleName, seed.policies)) || created
  return created ? 'created' : 'unchanged'
}

const PUT_EVENT = { user: 'PutUserPolicy', role: 'PutRolePolicy', group: 'PutGroupPolicy' } as const

/** Puts the seed's inline policies that are absent; true when any was. */
async function seedPolicies(s: PrincipalSeeding, accountId: string, kind: PolicyOwner, owner: string, policies: SeedPolicies): Promise<boolean> {
  let created = false
  for (const [name, document] of Object.entries(policies)) {
    checkIamName(name, 'policyName', 128)
    const stored = await getEntity<InlinePolicyRecord>(s.iam.store.read, accountId, 'policy', policyKey(kind, owner, name))
    if (stored) {
      if (!samePolicy(stored.document, document)) throw new SeedError(`its inline policy ${name} exists with a different document. ${never}`)
      continue
    }
    await putPolicy(s.iam, seedIamEvent(s.ctx, PUT_EVENT[kind], accountId), accountId, kind, owner, name, document)
    created = true
  }
  return created
}

function samePath(stored: string, seed: string): void {
  if (stored !== seed) throw new SeedError(`it exists with path ${stored}, the seed says ${seed}. ${never}`)
}

/** The principal's account: the default one, or one that exists (declared under `accounts` or created by `trent account create`). */
async function account(s: PrincipalSeeding, accountId: string | undefined): Promise<string> {
  if (accountId === undefined || accountId === s.defaultAccountId) return s.defaultAccountId
  if (!(await accountExists(s.iam.store.read, accountId))) throw new SeedError(`account ${accountId} does not exist: declare it under accounts`)
  return accountId
}
