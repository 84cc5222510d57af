/** STS actions: GetCallerIdentity (no permission needed, as in AWS) and AssumeRole. */
import { assumeRole } from '../../iam/assume-role.js'
import type { CompiledPolicy } from '../../policy/index.js'
import type { Principal } from '../../auth/principal.js'
import type { ActionCall, QueryAction } from './action.js'
import { isoSeconds } from './xml.js'

export function stsActions(identityPolicies: (p: Principal) => Promise<CompiledPolicy[]>): Record<string, QueryAction> {
  return {
    GetCallerIdentity: {
      resource: () => '*',
      run: async (c) => ({ UserId: c.caller.principalId, Account: c.caller.accountId, Arn: c.caller.arn }),
    },
    AssumeRole: {
      resource: (c) => c.params.req('RoleArn'),
      run: async (c: ActionCall) => {
        const durationSeconds = c.params.int('DurationSeconds')
        const s = await assumeRole(c.ctx, c.audit, c.caller, await identityPolicies(c.caller), {
          roleArn: c.params.req('RoleArn'), roleSessionName: c.params.req('RoleSessionName'), ...(durationSeconds !== undefined ? { durationSeconds } : {}),
        })
        return {
          Credentials: { AccessKeyId: s.session.accessKeyId, SecretAccessKey: s.secretAccessKey, SessionToken: s.sessionToken, Expiration: isoSeconds(s.session.expiresAt) },
          AssumedRoleUser: { AssumedRoleId: `${s.session.roleId}:${s.session.sessionName}`, Arn: s.assumedRoleArn },
        }
      },
    },
  }
}
