/**
 * STS AssumeRole: the role's trust policy is evaluated against the caller; a trust policy that names
 * the caller's account (root), the role's or another, delegates to the caller's identity policies, as in IAM. The session's
 * secret and token are stored sealed; the access key id is ASIA..., the session ends at its expiry
 * or when its role is deleted. The session commits with the call's audit record, which names the session's
 * key id but never its secret or token.
 */
import type { AuditScope } from '../audit/audit-scope.js'
import { randomBytes } from 'node:crypto'
import type { Principal } from '../auth/principal.js'
import { policyPrincipal } from '../auth/principal.js'
import { ConditionContext, evaluatePolicy, type CompiledPolicy } from '../policy/index.js'
import { compileTrustPolicy } from './trust-policy.js'
import { AccessDenied, ValidationError } from './errors.js'
import { putEntity, sealSecret, type IamContext } from './entities.js'
import { assumedRoleArn, uniqueId, type RoleRecord, type SessionRecord } from './records.js'
import { requireRole } from './roles.js'

export interface AssumeRoleInput { roleArn: string; roleSessionName: string; durationSeconds?: number }
export interface AssumedSession { session: SessionRecord; secretAccessKey: string; sessionToken: string; assumedRoleArn: string }

/**
 * How long an expired session is kept: meanwhile its use answers ExpiredToken (as AWS does for an expired
 * token), afterwards the background job removes it and its key id is simply unknown.
 */
const EXPIRED_RETENTION_MS = 24 * 3600 * 1000
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/

export async function assumeRole(ctx: IamContext, audit: AuditScope, caller: Principal, identityPolicies: readonly CompiledPolicy[], input: AssumeRoleInput): Promise<AssumedSession> {
  if (!SESSION_NAME.test(input.roleSessionName)) {
    throw new ValidationError(input.roleSessionName.length < 2 || input.roleSessionName.length > 64
      ? `1 validation error detected: Value '${input.roleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length ${input.roleSessionName.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'}`
      : `1 validation error detected: Value '${input.roleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`)
  }
  const duration = input.durationSeconds ?? 3600
  if (duration < 900) throw new ValidationError(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`)
  const m = ROLE_ARN.exec(input.roleArn)
  const denied = new AccessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`)
  if (!m) throw denied
  const role = await requireRole(ctx.store.read, m[1]!, m[2]!).catch(() => { throw denied })
  if (role.arn !== input.roleArn || !trusts(role, caller, identityPolicies)) throw denied
  if (duration > role.maxSessionDuration) throw new ValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')

  const accessKeyId = uniqueId('ASIA', 16)
  const secretAccessKey = randomBytes(30).toString('base64')
  // Opaque to clients, like AWS's; only its sealed copy is stored.
  const sessionToken = randomBytes(96).toString('base64')
  const now = ctx.clock.now()
  const session: SessionRecord = {
    accessKeyId, roleName: role.roleName, roleId: role.roleId, roleArn: role.arn, sessionName: input.roleSessionName, createdAt: now, expiresAt: now + duration * 1000,
  }
  const sealed = await sealSecret(ctx, 'session', accessKeyId, { secretAccessKey, sessionToken })
  const accountId = m[1]!
  const arn = assumedRoleArn(accountId, role.roleName, input.roleSessionName)
  await audit.transact(ctx.store, async (tx) => {
    await putEntity(tx, accountId, 'session', accessKeyId, role.roleName.toLowerCase(), session, sealed, session.expiresAt + EXPIRED_RETENTION_MS)
    return { result: undefined, iam: { session: { record: session, assumedRoleArn: arn } } }
  })
  return { session, secretAccessKey, sessionToken, assumedRoleArn: arn }
}

/**
 * As IAM combines a resource policy with the caller's identity policies: an explicit Deny in either
 * refuses, whoever the caller. A trust policy naming the caller (or `*`) is enough within the role's
 * account; a principal of another account also needs its own Allow (an account root holds every
 * permission). A trust policy naming the caller's account delegates to the caller's identity policies.
 */
function trusts(role: RoleRecord, caller: Principal, identityPolicies: readonly CompiledPolicy[]): boolean {
  let trustPolicy: CompiledPolicy
  try { trustPolicy = compileTrustPolicy(role.assumeRolePolicyDocument) } catch { return false }
  const principal = policyPrincipal(caller)
  const req = { action: 'sts:AssumeRole', resource: role.arn, principal, context: ConditionContext.of({
    'aws:PrincipalArn': caller.type === 'AssumedRole' ? caller.roleArn : caller.arn, 'aws:PrincipalAccount': caller.accountId, 'aws:userid': caller.principalId,
    'aws:username': caller.userName, 'aws:PrincipalType': principal.type,
  }) }
  const trust = evaluatePolicy(trustPolicy, req)
  if (trust.deny !== undefined) return false
  const outcomes = identityPolicies.map((p) => evaluatePolicy(p, req))
  if (outcomes.some((o) => o.deny !== undefined)) return false
  const identityAllows = caller.type === 'Root' || outcomes.some((o) => o.allowDirect)
  const sameAccount = caller.accountId === role.arn.split(':')[4]
  if (trust.allowDirect && (sameAccount || identityAllows)) return true
  // allowAccount: the trust policy names the caller's own account (the role's or another one).
  return trust.allowAccount && identityAllows
}
