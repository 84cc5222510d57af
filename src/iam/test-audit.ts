/**
 * For unit tests that call the IAM domain directly: a real audit scope (one per call, as a request has)
 * whose record goes into the store's own trail, so these tests exercise the same transactions as the API.
 */
import { AuditLog } from '../audit/audit-log.js'
import { RequestAudit } from '../audit/request-audit.js'
import type { Clock } from '../clock.js'
import type { Storage } from '../storage/types.js'

export function testAudit(ctx: { store: Storage; clock: Clock }): RequestAudit {
  return new RequestAudit(new AuditLog(ctx.store), ctx.clock, {
    eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1', recipientAccountId: '000000000000', sourceIPAddress: '127.0.0.1', requestId: 'unit-test',
  })
}
