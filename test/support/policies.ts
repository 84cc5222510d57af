/** Key policy documents for the authorization tests, and AWS's AccessDenied message forms. */
import { ACCOUNT_ID, REGION } from './server.js'

export const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`
export const keyArnOf = (keyId: string): string => `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${keyId}`

export type Statement = Record<string, unknown>

/** A key policy document of these statements. */
export const policy = (...statements: Statement[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements })

/** An Allow (or Deny) statement for the principal (the account root unless given). */
export const allow = (action: string | string[], extra: Statement = {}, principal: unknown = { AWS: ROOT }): Statement =>
  ({ Effect: 'Allow', Principal: principal, Action: action, Resource: '*', ...extra })
export const deny = (action: string | string[], extra: Statement = {}, principal: unknown = { AWS: ROOT }): Statement =>
  ({ Effect: 'Deny', Principal: principal, Action: action, Resource: '*', ...extra })

/** The administration a policy must keep for the key to stay manageable (and pass the lockout check). */
export const ADMIN = allow(['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants', 'kms:RetireGrant', 'kms:ScheduleKeyDeletion', 'kms:CreateAlias'])

export const noResourceAllow = (action: string, resource: string, principal = ROOT) => ({
  name: 'AccessDeniedException',
  message: `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
})
export const noIdentityAllow = (action: string, resource: string, principal = ROOT) => ({
  name: 'AccessDeniedException',
  message: `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
})
export const explicitDeny = (action: string, resource: string, where: 'resource' | 'identity', principal = ROOT) => ({
  name: 'AccessDeniedException',
  message: `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a${where === 'identity' ? 'n identity' : ' resource'}-based policy`,
})
export const NO_ORACLE = {
  name: 'AccessDeniedException',
  message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
}
export const LOCKOUT = { name: 'MalformedPolicyDocumentException', message: 'The new key policy will not allow you to update the key policy in the future.' }
export const INVALID_PRINCIPALS = { name: 'MalformedPolicyDocumentException', message: 'Policy contains a statement with one or more invalid principals.' }
