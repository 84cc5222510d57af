/**
 * The audit record of one API call, filled in as the request goes through dispatch: the operation once
 * the target is known, the identity once SigV4 has authenticated it, the request parameters once the
 * body is valid, the keys the operation resolved. Calls that changed state commit their record with the
 * change (AuditScope.transact); dispatch writes every other one, successful or not, through group commit
 * before the response leaves.
 */
import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { KeyRecord } from '../kms/records.js'
import type { AuditLog } from './audit-log.js'
import { AuditScope, type Committed } from './audit-scope.js'
import { iamResponseElements } from './iam-elements.js'
import { responseElements } from './parameters.js'
import { cloudTrailTime, EVENT_VERSION, KEY_RESOURCE_TYPE, type CloudTrailRecord, type UserIdentity } from './record.js'

/** What the HTTP front knows about a call before anything is parsed. */
export interface CallInfo {
  eventSource: string
  awsRegion: string
  /** The account whose trail receives the record until the caller is authenticated (this Trent's default account). */
  recipientAccountId: string
  sourceIPAddress: string
  userAgent?: string
  requestId: string
}

export class RequestAudit extends AuditScope {
  /** The operation; for an unknown target, what the caller asked for. */
  eventName = 'Unknown'
  /** The authenticated caller; for a call that fails before that, only what its Authorization header claims (dispatch sets it). */
  identity: UserIdentity = { type: 'Unknown' }
  readOnly = true
  requestParameters: Record<string, unknown> | null = null
  /**
   * The account whose trail the record joins: the authenticated caller's (dispatch sets it), since
   * LookupEvents shows an account only its own records; before authentication, this Trent's default account.
   */
  recipientAccountId: string
  private readonly resources = new Map<string, string>()

  constructor(log: AuditLog, private readonly clock: Clock, private readonly call: CallInfo) {
    super(log)
    this.recipientAccountId = call.recipientAccountId
  }

  get requestId(): string { return this.call.requestId }

  /** Names a key the call acted on (CloudTrail's `resources`). */
  resource(key: Pick<KeyRecord, 'arn' | 'accountId'>): void {
    this.resources.set(key.arn, key.accountId)
  }

  protected success(committed: Committed): CloudTrailRecord {
    if (committed.key) this.resource(committed.key)
    const elements = committed.iam ? iamResponseElements(committed.iam) : responseElements(this.eventName, committed.key, committed)
    return this.build(elements)
  }

  /** The record of a call that changed nothing: a read, or any failure. */
  outcome(error?: { code: string; message: string }): CloudTrailRecord {
    return this.build(null, error)
  }

  /** Writes `outcome(...)` through group commit; resolves once it is durable. */
  write(record: CloudTrailRecord): Promise<void> {
    return this.log.append(record)
  }

  /**
   * Members in sorted key order and absent ones left undefined (canonical JSON drops them), so
   * canonicalText serializes the record as it is instead of building a sorted copy of it.
   */
  private build(elements: Record<string, unknown> | null, error?: { code: string; message: string }): CloudTrailRecord {
    const { call } = this
    return {
      awsRegion: call.awsRegion,
      errorCode: error?.code,
      errorMessage: error?.message,
      eventCategory: 'Management',
      eventID: randomUUID(),
      eventName: this.eventName,
      eventSource: call.eventSource,
      eventTime: cloudTrailTime(this.clock.now()),
      eventType: 'AwsApiCall',
      eventVersion: EVENT_VERSION,
      managementEvent: true,
      readOnly: this.readOnly,
      recipientAccountId: this.recipientAccountId,
      requestID: call.requestId,
      requestParameters: this.requestParameters,
      resources: this.resources.size ? this.resourceList() : undefined,
      responseElements: elements,
      sourceIPAddress: call.sourceIPAddress,
      userAgent: call.userAgent,
      userIdentity: this.identity,
    }
  }

  private resourceList(): NonNullable<CloudTrailRecord['resources']> {
    const list: NonNullable<CloudTrailRecord['resources']> = []
    for (const [ARN, accountId] of this.resources) list.push({ ARN, accountId, type: KEY_RESOURCE_TYPE })
    return list
  }
}
