/**
 * Inline policies of users, roles and groups: Put/Get/List/Delete{User,Role,Group}Policy. Documents are
 * validated as identity policies by the policy library before they are stored; changes commit with their call's audit record (`audit.transact`).
 */
import type { AuditScope } from '../audit/audit-scope.js'
import { parsePolicy } from '../policy/index.js'
import { MalformedPolicyDocument, NoSuchEntity } from './errors.js'
import { getEntity, listEntities, lockEntity, putEntity, type IamContext } from './entities.js'
import { nameKey, policyKey, policyOwnerKey, type GroupRecord, type InlinePolicyRecord, type PolicyOwner, type RoleRecord, type UserRecord } from './records.js'
import type { StoreReader, StoreTx } from '../storage/types.js'

const OWNER_NAME: Record<PolicyOwner, string> = { user: 'user', role: 'role', group: 'group' }

/** The owner's name as stored (its case as created), or NoSuchEntity; `lock` holds the owner until the transaction ends. */
async function requireOwner(r: StoreReader, accountId: string, kind: PolicyOwner, name: string, lock?: StoreTx): Promise<string> {
  type Owner = UserRecord & RoleRecord & GroupRecord
  const record = lock ? await lockEntity<Owner>(lock, accountId, kind, nameKey(name)) : await getEntity<Owner>(r, accountId, kind, nameKey(name))
  if (!record) throw new NoSuchEntity(`The ${OWNER_NAME[kind]} with name ${name} cannot be found.`)
  return kind === 'user' ? record.userName : kind === 'role' ? record.roleName : record.groupName
}

/** Validates an identity policy document; MalformedPolicyDocument says what is wrong. */
export function validateIdentityPolicy(document: string): void {
  const parsed = parsePolicy(document, 'identity')
  if (!parsed.ok) throw new MalformedPolicyDocument(parsed.message)
}

export async function putPolicy(ctx: IamContext, audit: AuditScope, accountId: string, kind: PolicyOwner, owner: string, policyName: string, document: string): Promise<void> {
  validateIdentityPolicy(document)
  await audit.transact(ctx.store, async (tx) => {
    await requireOwner(tx, accountId, kind, owner, tx)
    await putEntity(tx, accountId, 'policy', policyKey(kind, owner, policyName), policyOwnerKey(kind, owner), { policyName, document } satisfies InlinePolicyRecord)
    return { result: undefined }
  })
}

export async function getPolicy(ctx: IamContext, accountId: string, kind: PolicyOwner, owner: string, policyName: string): Promise<{ ownerName: string; policy: InlinePolicyRecord }> {
  const ownerName = await requireOwner(ctx.store.read, accountId, kind, owner)
  const policy = await getEntity<InlinePolicyRecord>(ctx.store.read, accountId, 'policy', policyKey(kind, owner, policyName))
  if (!policy) throw new NoSuchEntity(`The ${OWNER_NAME[kind]} policy with name ${policyName} cannot be found.`)
  return { ownerName, policy }
}

export async function listPolicies(ctx: IamContext, accountId: string, kind: PolicyOwner, owner: string): Promise<InlinePolicyRecord[]> {
  await requireOwner(ctx.store.read, accountId, kind, owner)
  return listEntities<InlinePolicyRecord>(ctx.store.read, accountId, 'policy', policyOwnerKey(kind, owner))
}

/** The policies of an owner known to exist (the principal directory's read path). */
export async function policiesOf(r: StoreReader, accountId: string, kind: PolicyOwner, owner: string): Promise<InlinePolicyRecord[]> {
  return listEntities<InlinePolicyRecord>(r, accountId, 'policy', policyOwnerKey(kind, owner))
}

export async function deletePolicy(ctx: IamContext, audit: AuditScope, accountId: string, kind: PolicyOwner, owner: string, policyName: string): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    await requireOwner(tx, accountId, kind, owner)
    const name = policyKey(kind, owner, policyName)
    if (!(await tx.getIamEntity(accountId, 'policy', name))) throw new NoSuchEntity(`The ${OWNER_NAME[kind]} policy with name ${policyName} cannot be found.`)
    await tx.deleteIamEntity(accountId, 'policy', name)
    return { result: undefined }
  })
}
