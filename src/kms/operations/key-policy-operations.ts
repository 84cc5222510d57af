/** GetKeyPolicy, PutKeyPolicy and ListKeyPolicies. A key has one policy, named "default". */
import type { OperationHandler } from '../context.js'
import { NotFoundException } from '../errors.js'
import { checkPolicyDocument } from '../policy-document.js'
import { resolveKey } from '../resolve-key.js'

const POLICY_NAME = 'default'

function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== POLICY_NAME) throw new NotFoundException('No such policy exists')
}

export const getKeyPolicy: OperationHandler<'GetKeyPolicy'> = async (ctx, caller, input) => {
  const key = await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  checkPolicyName(input.PolicyName)
  return { Policy: key.policy, PolicyName: POLICY_NAME }
}

export const putKeyPolicy: OperationHandler<'PutKeyPolicy'> = async (ctx, caller, input) => {
  const target = await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  checkPolicyName(input.PolicyName)
  checkPolicyDocument(input.Policy)
  return ctx.keys.update(caller.audit, target, async (key) => ({ key: { ...key, policy: input.Policy }, result: {} }))
}

export const listKeyPolicies: OperationHandler<'ListKeyPolicies'> = async (ctx, caller, input) => {
  await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  return { PolicyNames: [POLICY_NAME], Truncated: false }
}
