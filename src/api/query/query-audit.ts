/**
 * The audit record of one IAM or STS call (Query protocol), as CloudTrail records them: eventSource
 * iam.amazonaws.com / sts.amazonaws.com, the action as eventName, requestParameters from the allowlist in
 * audit/iam-elements.ts. A change commits its record in its own transaction (src/iam/ via
 * audit.transact); reads and failures are written through group commit before the response.
 */
import type { AuditLog } from '../../audit/audit-log.js'
import { RequestAudit } from '../../audit/request-audit.js'
import type { Clock } from '../../clock.js'
import { claimedIdentity } from '../call-identity.js'
import { firstHeader } from '../raw-headers.js'
import type { SignedRequest } from '../sigv4.js'

export interface QueryAuditDeps { audit: AuditLog; clock: Clock; region: string; accountId: string }

export function queryAudit(
  deps: QueryAuditDeps, service: 'iam' | 'sts', action: string, req: SignedRequest, sourceIp: string, requestId: string,
): RequestAudit {
  const userAgent = firstHeader(req.rawHeaders, 'user-agent')
  const audit = new RequestAudit(deps.audit, deps.clock, {
    eventSource: `${service}.amazonaws.com`, awsRegion: service === 'iam' ? 'us-east-1' : deps.region, recipientAccountId: deps.accountId,
    sourceIPAddress: sourceIp, requestId, ...(userAgent !== undefined ? { userAgent } : {}),
  })
  audit.identity = claimedIdentity(req)
  audit.eventName = (action || 'Unknown').slice(0, 128)
  audit.readOnly = /^(Get|List)/.test(action)
  return audit
}
