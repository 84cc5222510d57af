/** GetKeyPolicy, PutKeyPolicy and ListKeyPolicies. A key has one policy, named "default". */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { NotFoundException } from '../errors.js'
import { checkNewKeyPolicy } from '../policy-document.js'

const POLICY_NAME = 'default'

function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== POLICY_NAME) throw new NotFoundException('No such policy exists')
}

export const getKeyPolicy: OperationHandler<'GetKeyPolicy'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'GetKeyPolicy', input, { aliases: false })
  checkPolicyName(input.PolicyName)
  return { Policy: key.policy, PolicyName: POLICY_NAME }
}

export const putKeyPolicy: OperationHandler<'PutKeyPolicy'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'PutKeyPolicy', input, { aliases: false })
  checkPolicyName(input.PolicyName)
  await checkNewKeyPolicy(ctx, caller, input.Policy, target, input.BypassPolicyLockoutSafetyCheck === true)
  return ctx.keys.update(caller.audit, target, async (key) => ({ key: { ...key, policy: input.Policy }, result: {} }))
}

export const listKeyPolicies: OperationHandler<'ListKeyPolicies'> = async (ctx, caller, input) => {
  await authorizedKey(ctx, caller, 'ListKeyPolicies', input, { aliases: false })
  return { PolicyNames: [POLICY_NAME], Truncated: false }
}
