/**
 * IAM and STS over the AWS Query protocol on the KMS endpoint: form-encoded POST, SigV4 with signing
 * name `iam` or `sts` (told apart by the API Version), XML responses and errors. Until KMS enforcement
 * lands, IAM is authorized here: account roots may call every action; IAM users and role sessions only
 * what their identity policies allow (`iam:<Action>` on the entity's ARN), with an explicit deny winning.
 */
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { PrincipalDirectory } from '../../auth/principal-directory.js'
import { policyPrincipal, type Principal } from '../../auth/principal.js'
import type { IamContext } from '../../iam/entities.js'
import { AccessDenied, InvalidAction } from '../../iam/errors.js'
import { KmsException } from '../../kms/errors.js'
import { ConditionContext, evaluatePolicy } from '../../policy/index.js'
import { authenticate } from '../authenticate.js'
import { principalIdentity } from '../call-identity.js'
import { iamRequestParameters } from '../../audit/iam-elements.js'
import { queryAudit, type QueryAuditDeps } from './query-audit.js'
import { SigV4Verifier, type SignedRequest } from '../sigv4.js'
import type { QueryAction } from './action.js'
import { POLICY_ACTIONS } from './iam-policy-actions.js'
import { ROLE_GROUP_ACTIONS } from './iam-role-group-actions.js'
import { USER_ACTIONS } from './iam-user-actions.js'
import { QueryParams } from './params.js'
import { queryError } from './query-errors.js'
import { stsActions } from './sts-actions.js'
import { responseXml } from './xml.js'

export interface QueryResponse { status: number; body: string; requestId: string }

export interface QueryApiDeps {
  iam: IamContext
  directory: PrincipalDirectory
  region: string
  log: Logger
  /** Every call leaves one audit record (query-audit.ts). */
  audit: Omit<QueryAuditDeps, 'region'>
}

interface Service { name: 'iam' | 'sts'; xmlns: string; actions: Record<string, QueryAction>; authorize: boolean }

export class QueryApi {
  private readonly verifier = new SigV4Verifier()
  private readonly services: Record<string, Service>

  constructor(private readonly deps: QueryApiDeps) {
    const iamActions = { ...USER_ACTIONS, ...POLICY_ACTIONS, ...ROLE_GROUP_ACTIONS }
    this.services = {
      '2010-05-08': { name: 'iam', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/', actions: iamActions, authorize: true },
      '2011-06-15': { name: 'sts', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/', actions: stsActions((p) => deps.directory.identityPolicies(p)), authorize: false },
    }
  }

  async handle(req: SignedRequest, sourceIp: string): Promise<QueryResponse> {
    const requestId = randomUUID()
    const params = new QueryParams(req.body)
    const service = this.services[params.version ?? ''] ?? this.services['2010-05-08']!
    const action = params.action ?? ''
    const audit = queryAudit({ ...this.deps.audit, region: this.deps.region }, service.name, action, req, sourceIp, requestId)
    let principal: Principal | undefined
    try {
      principal = await authenticate(this.verifier, this.deps.directory, req, {
        // IAM is global: clients sign it for us-east-1 whatever Region they are configured for.
        regions: [this.deps.region, 'us-east-1'], service: service.name, now: this.deps.iam.clock.now(),
      })
      audit.identity = principalIdentity(principal)
      audit.recipientAccountId = principal.accountId
      const handler = Object.hasOwn(service.actions, action) ? service.actions[action] : undefined
      if (!handler) throw new InvalidAction(`Could not find operation ${action} for version ${params.version ?? ''}`)
      audit.requestParameters = iamRequestParameters(params)
      const call = { ctx: this.deps.iam, accountId: principal.accountId, caller: principal, params, audit }
      if (service.authorize) await this.authorize(principal, `${service.name}:${action}`, await handler.resource(call))
      const result = await handler.run(call)
      // A change committed its record with it; a read's record is written now, before the response.
      if (!audit.recorded) await audit.write(audit.outcome())
      this.deps.log.info({ requestId, operation: `${service.name}:${action}`, accessKeyId: principal.accessKeyId, status: 200 }, 'request')
      return { status: 200, body: responseXml(action, service.xmlns, result, requestId), requestId }
    } catch (err) {
      let e = queryError(err, service.name, service.xmlns, requestId, this.deps.log.child({ requestId }))
      if (!audit.recorded) {
        // The record of a failure is written too; if it cannot be, the call answers a 500 (fail-closed).
        await audit.write(audit.outcome({ code: e.code, message: publicMessage(err) })).catch((auditErr: unknown) => {
          e = queryError(auditErr, service.name, service.xmlns, requestId, this.deps.log.child({ requestId, audit: 'record not written' }))
        })
      }
      this.deps.log.info({ requestId, operation: `${service.name}:${action}`, accessKeyId: principal?.accessKeyId, status: e.status, error: e.code }, 'request')
      return { status: e.status, body: e.body, requestId }
    }
  }

  private async authorize(principal: Principal, action: string, resource: string): Promise<void> {
    if (principal.type === 'Root') return
    const req = { action, resource, principal: policyPrincipal(principal), context: ConditionContext.of({
      'aws:PrincipalArn': principal.roleArn ?? principal.arn, 'aws:PrincipalAccount': principal.accountId, 'aws:userid': principal.principalId,
      'aws:username': principal.userName, 'aws:PrincipalType': policyPrincipal(principal).type,
      ...Object.fromEntries(Object.entries(principal.tags ?? {}).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
    }) }
    const outcomes = (await this.deps.directory.identityPolicies(principal)).map((p) => evaluatePolicy(p, req))
    const base = `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource}`
    if (outcomes.some((o) => o.deny !== undefined)) throw new AccessDenied(`${base} with an explicit deny in an identity-based policy`)
    if (!outcomes.some((o) => o.allowDirect)) throw new AccessDenied(`${base} because no identity-based policy allows the ${action} action`)
  }
}

/** What the caller was told: a client error's message, never an internal error's cause. */
const publicMessage = (err: unknown): string => (err instanceof KmsException && err.status < 500 ? err.message : 'An internal error occurred.')
