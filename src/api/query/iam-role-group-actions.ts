/** IAM role and group actions. */
import { addUserToGroup, createGroup, getGroup, listGroupsForUser, removeUserFromGroup } from '../../iam/groups.js'
import { createRole, deleteRole, listRoles, requireRole } from '../../iam/roles.js'
import type { ActionCall, QueryAction } from './action.js'
import { createdArn, storedArn } from './resource-arn.js'
import { groupShape, roleShape, userShape } from './shapes.js'

const roleName = (c: ActionCall): string => c.params.name('RoleName')
const groupName = (c: ActionCall): string => c.params.name('GroupName', 128)
const onRole: Pick<QueryAction, 'resource'> = { resource: (c) => storedArn(c, 'role', roleName(c)) }
const onGroup: Pick<QueryAction, 'resource'> = { resource: (c) => storedArn(c, 'group', groupName(c)) }

export const ROLE_GROUP_ACTIONS: Record<string, QueryAction> = {
  CreateRole: {
    resource: (c) => createdArn(c, 'role', roleName(c)),
    run: async (c) => {
      const description = c.params.opt('Description')
      const maxSessionDuration = c.params.int('MaxSessionDuration')
      const path = c.params.path()
      const role = await createRole(c.ctx, c.audit, c.accountId, {
        roleName: roleName(c), assumeRolePolicyDocument: c.params.req('AssumeRolePolicyDocument'), tags: c.params.tags(),
        ...(description !== undefined ? { description } : {}), ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}), ...(path !== undefined ? { path } : {}),
      })
      return { Role: roleShape(role, true) }
    },
  },
  GetRole: { ...onRole, run: async (c) => ({ Role: roleShape(await requireRole(c.ctx.store.read, c.accountId, roleName(c)), true) }) },
  ListRoles: {
    resource: (c) => `arn:aws:iam::${c.accountId}:role/`,
    run: async (c) => ({ Roles: (await listRoles(c.ctx, c.accountId, c.params.opt('PathPrefix'))).map((r) => roleShape(r)), IsTruncated: false }),
  },
  DeleteRole: { ...onRole, run: async (c) => { await deleteRole(c.ctx, c.audit, c.accountId, roleName(c)); return undefined } },
  CreateGroup: {
    resource: (c) => createdArn(c, 'group', groupName(c)),
    run: async (c) => ({ Group: groupShape(await createGroup(c.ctx, c.audit, c.accountId, groupName(c), c.params.path())) }),
  },
  GetGroup: {
    ...onGroup,
    run: async (c) => {
      const { group, users } = await getGroup(c.ctx, c.accountId, groupName(c))
      return { Group: groupShape(group), Users: users.map((u) => userShape(u)), IsTruncated: false }
    },
  },
  AddUserToGroup: { ...onGroup, run: async (c) => { await addUserToGroup(c.ctx, c.audit, c.accountId, groupName(c), c.params.name('UserName')); return undefined } },
  RemoveUserFromGroup: { ...onGroup, run: async (c) => { await removeUserFromGroup(c.ctx, c.audit, c.accountId, groupName(c), c.params.name('UserName')); return undefined } },
  ListGroupsForUser: {
    resource: (c) => storedArn(c, 'user', c.params.name('UserName')),
    run: async (c) => ({ Groups: (await listGroupsForUser(c.ctx, c.accountId, c.params.name('UserName'))).map(groupShape), IsTruncated: false }),
  },
}
