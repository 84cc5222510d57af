/** IAM roles: CreateRole (trust policy validated as a resource policy with principals), GetRole, ListRoles, DeleteRole. Changes commit with their call's audit record. */
import type { AuditScope } from '../audit/audit-scope.js'
import { compileTrustPolicy } from './trust-policy.js'
import { DeleteConflict, EntityAlreadyExists, NoSuchEntity, ValidationError } from './errors.js'
import { getEntity, insertEntity, listEntities, type IamContext } from './entities.js'
import { nameKey, policyOwnerKey, roleArn, uniqueId, type RoleRecord, type Tag } from './records.js'
import type { StoreReader } from '../storage/types.js'

export interface NewRole { roleName: string; path?: string; assumeRolePolicyDocument: string; maxSessionDuration?: number; description?: string; tags?: Tag[] }

export async function requireRole(r: StoreReader, accountId: string, roleName: string): Promise<RoleRecord> {
  const role = await getEntity<RoleRecord>(r, accountId, 'role', nameKey(roleName))
  if (!role) throw new NoSuchEntity(`The role with name ${roleName} cannot be found.`)
  return role
}

export async function createRole(ctx: IamContext, audit: AuditScope, accountId: string, input: NewRole): Promise<RoleRecord> {
  compileTrustPolicy(input.assumeRolePolicyDocument)
  const maxSessionDuration = input.maxSessionDuration ?? 3600
  if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
    throw new ValidationError(`1 validation error detected: Value '${maxSessionDuration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value ${maxSessionDuration < 3600 ? 'greater than or equal to 3600' : 'less than or equal to 43200'}`)
  }
  const path = input.path ?? '/'
  return audit.transact(ctx.store, async (tx) => {
    const role: RoleRecord = {
      roleName: input.roleName, roleId: uniqueId('AROA'), path, arn: roleArn(accountId, path, input.roleName), createdAt: ctx.clock.now(),
      assumeRolePolicyDocument: input.assumeRolePolicyDocument, maxSessionDuration, tags: input.tags ?? [],
      ...(input.description !== undefined ? { description: input.description } : {}),
    }
    await insertEntity(tx, accountId, 'role', nameKey(input.roleName), '', role, () => new EntityAlreadyExists(`Role with name ${input.roleName} already exists.`))
    return { result: role, iam: { role } }
  })
}

export async function listRoles(ctx: IamContext, accountId: string, pathPrefix = '/'): Promise<RoleRecord[]> {
  return (await listEntities<RoleRecord>(ctx.store.read, accountId, 'role')).filter((r) => r.path.startsWith(pathPrefix))
}

export async function deleteRole(ctx: IamContext, audit: AuditScope, accountId: string, roleName: string): Promise<void> {
  await audit.transact(ctx.store, async (tx) => {
    const role = await requireRole(tx, accountId, roleName)
    if ((await tx.listIamEntities(accountId, 'policy', policyOwnerKey('role', role.roleName))).length) throw new DeleteConflict('Cannot delete entity, must delete policies first.')
    await tx.deleteIamEntity(accountId, 'role', nameKey(role.roleName))
    return { result: undefined }
  })
}
