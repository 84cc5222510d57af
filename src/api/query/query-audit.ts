/**
 * The audit record of one IAM or STS call (Query protocol), as CloudTrail records them: eventSource
 * iam.amazonaws.com / sts.amazonaws.com, the action as eventName. requestParameters stay null: IAM
 * parameters carry secrets (passwords, policy documents with conditions on keys) that the Query
 * protocol does not mark, so nothing of the form is recorded until each action is described.
 * Written through group commit after the call (docs/decisions.md: not yet in the IAM transaction).
 */
import type { AuditLog } from '../../audit/audit-log.js'
import { RequestAudit } from '../../audit/request-audit.js'
import type { Clock } from '../../clock.js'
import { claimedIdentity, header } from '../call-identity.js'
import type { SignedRequest } from '../sigv4.js'

export interface QueryAuditDeps { audit: AuditLog; clock: Clock; region: string; accountId: string }

export function queryAudit(
  deps: QueryAuditDeps, service: 'iam' | 'sts', action: string, req: SignedRequest, sourceIp: string, requestId: string,
): RequestAudit {
  const userAgent = header(req, 'user-agent')
  const audit = new RequestAudit(deps.audit, deps.clock, {
    eventSource: `${service}.amazonaws.com`, awsRegion: service === 'iam' ? 'us-east-1' : deps.region, recipientAccountId: deps.accountId,
    sourceIPAddress: sourceIp, requestId, ...(userAgent !== undefined ? { userAgent } : {}),
  })
  audit.identity = claimedIdentity(req)
  audit.eventName = (action || 'Unknown').slice(0, 128)
  audit.readOnly = /^(Get|List)/.test(action)
  return audit
}
