/**
 * The audit scope of one seed-file IAM change (a user, access key, inline policy, group membership or
 * role). Like the seeded keys (seed-event.ts), Trent makes these at start, not a caller, so each is an
 * AwsServiceEvent named after the IAM action a caller would have used, marked as coming from the seed
 * file. requestParameters stay null: they would carry policy text but never secrets, and the outcome's
 * responseElements (never a secret access key) already say what was created.
 */
import { randomUUID } from 'node:crypto'
import { AuditScope, type Committed } from '../audit/audit-scope.js'
import { iamResponseElements } from '../audit/iam-elements.js'
import { cloudTrailTime, EVENT_VERSION, type CloudTrailRecord } from '../audit/record.js'
import type { KmsContext } from '../kms/context.js'
import type { Clock } from '../clock.js'
import type { AuditLog } from '../audit/audit-log.js'

export type SeedIamEventName = 'CreateUser' | 'CreateAccessKey' | 'PutUserPolicy' | 'AddUserToGroup' | 'CreateGroup' | 'PutGroupPolicy' | 'CreateRole' | 'PutRolePolicy'

const INTERNAL = 'AWS Internal'
/** IAM is global; CloudTrail records its events in us-east-1. */
const IAM_REGION = 'us-east-1'

class SeedIamEvent extends AuditScope {
  constructor(log: AuditLog, private readonly clock: Clock, private readonly eventName: SeedIamEventName, private readonly accountId: string) {
    super(log)
  }

  protected success({ iam }: Committed): CloudTrailRecord {
    return {
      eventVersion: EVENT_VERSION,
      userIdentity: { accountId: this.accountId, invokedBy: INTERNAL },
      eventTime: cloudTrailTime(this.clock.now()),
      eventSource: 'iam.amazonaws.com',
      eventName: this.eventName,
      awsRegion: IAM_REGION,
      sourceIPAddress: INTERNAL,
      userAgent: INTERNAL,
      requestParameters: null,
      responseElements: iam ? iamResponseElements(iam) : null,
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: this.accountId,
      serviceEventDetails: { source: 'seed file' },
      eventCategory: 'Management',
    }
  }
}

export const seedIamEvent = (ctx: KmsContext, name: SeedIamEventName, accountId: string): AuditScope =>
  new SeedIamEvent(ctx.audit, ctx.clock, name, accountId)
