/** Inline policy actions for users, roles and groups: Put/Get/List/Delete{User,Role,Group}Policy. */
import { deletePolicy, getPolicy, listPolicies, putPolicy } from '../../iam/inline-policies.js'
import type { PolicyOwner } from '../../iam/records.js'
import type { ActionCall, QueryAction } from './action.js'
import { storedArn } from './resource-arn.js'
import { encodePolicy } from './shapes.js'

const OWNERS: Record<PolicyOwner, string> = { user: 'User', role: 'Role', group: 'Group' }

function actionsFor(kind: PolicyOwner): Record<string, QueryAction> {
  const Kind = OWNERS[kind]
  const param = `${Kind}Name`
  const owner = (c: ActionCall): string => c.params.name(param, kind === 'group' ? 128 : 64)
  const resource = (c: ActionCall): Promise<string> => storedArn(c, kind, owner(c))
  const policyName = (c: ActionCall): string => c.params.name('PolicyName', 128)
  return {
    [`Put${Kind}Policy`]: {
      resource,
      run: async (c) => { await putPolicy(c.ctx, c.audit, c.accountId, kind, owner(c), policyName(c), c.params.req('PolicyDocument')); return undefined },
    },
    [`Get${Kind}Policy`]: {
      resource,
      run: async (c) => {
        const { ownerName, policy } = await getPolicy(c.ctx, c.accountId, kind, owner(c), policyName(c))
        return { [param]: ownerName, PolicyName: policy.policyName, PolicyDocument: encodePolicy(policy.document) }
      },
    },
    [`List${Kind}Policies`]: {
      resource,
      run: async (c) => ({ PolicyNames: (await listPolicies(c.ctx, c.accountId, kind, owner(c))).map((p) => p.policyName), IsTruncated: false }),
    },
    [`Delete${Kind}Policy`]: {
      resource,
      run: async (c) => { await deletePolicy(c.ctx, c.audit, c.accountId, kind, owner(c), policyName(c)); return undefined },
    },
  }
}

export const POLICY_ACTIONS: Record<string, QueryAction> = { ...actionsFor('user'), ...actionsFor('role'), ...actionsFor('group') }
