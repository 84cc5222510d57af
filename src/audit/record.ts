/**
 * CloudTrail's record format for KMS events ([CT] "CloudTrail record contents"; KMS examples in the
 * KMS Developer Guide, "Logging AWS KMS API calls with AWS CloudTrail"). eventTime is the completion
 * time. Fields CloudTrail omits for a call are left out rather than set to null, except
 * requestParameters and responseElements, which KMS's examples show as null when empty.
 */
import type { UnchainedEntry } from './chain.js'
import { canonicalText } from './canonical-writer.js'

export const EVENT_VERSION = '1.11'
export const KMS_EVENT_SOURCE = 'kms.amazonaws.com'
export const CLOUDTRAIL_EVENT_SOURCE = 'cloudtrail.amazonaws.com'
export const KEY_RESOURCE_TYPE = 'AWS::KMS::Key'

export interface UserIdentity {
  type?: string
  principalId?: string
  arn?: string
  accountId?: string
  accessKeyId?: string
  userName?: string
  sessionContext?: Record<string, unknown>
  invokedBy?: string
}

export interface CloudTrailRecord {
  eventVersion: string
  userIdentity: UserIdentity
  eventTime: string
  eventSource: string
  eventName: string
  awsRegion: string
  sourceIPAddress: string
  userAgent?: string
  errorCode?: string
  errorMessage?: string
  requestParameters: Record<string, unknown> | null
  responseElements: Record<string, unknown> | null
  requestID?: string
  eventID: string
  readOnly: boolean
  resources?: { accountId: string; type: string; ARN: string }[]
  eventType: 'AwsApiCall' | 'AwsServiceEvent'
  managementEvent: boolean
  recipientAccountId: string
  eventCategory: 'Management'
  additionalEventData?: Record<string, unknown>
  serviceEventDetails?: Record<string, unknown>
}

/** The index columns of a record, taken from the record itself so they can never disagree with it. */
export function toEntry(record: CloudTrailRecord): UnchainedEntry {
  const resource = record.resources?.[0]
  return {
    eventId: record.eventID,
    eventTime: Date.parse(record.eventTime),
    eventName: record.eventName,
    eventSource: record.eventSource,
    username: usernameOf(record.userIdentity),
    accessKeyId: record.userIdentity.accessKeyId ?? null,
    resourceName: resource?.ARN ?? null,
    resourceType: resource?.type ?? null,
    readOnly: record.readOnly,
    accountId: record.recipientAccountId ?? null,
    errorCode: record.errorCode ?? null,
    requestId: record.requestID ?? null,
    record: canonicalText(record),
  }
}

/** LookupEvents' Username: the IAM user name, "root" for the account root, else the service that acted. */
export function usernameOf(identity: UserIdentity): string | null {
  if (identity.userName) return identity.userName
  if (identity.type === 'Root') return 'root'
  return identity.invokedBy ?? null
}

/** CloudTrail writes times as ISO 8601 UTC without milliseconds. */
export function cloudTrailTime(ms: number): string {
  const second = Math.floor(ms / 1000)
  // Thousands of records share each second: format it once.
  if (second !== lastSecond) {
    lastSecond = second
    lastText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  return lastText
}

let lastSecond = NaN
let lastText = ''

/**
 * CloudTrail's errorCode for a failed call: the exception name, except that a refused authorization is
 * recorded as `AccessDenied` (as CloudTrail records KMS's AccessDeniedException; best guess from
 * published CloudTrail examples of denied KMS calls).
 */
export function cloudTrailErrorCode(exception: string): string {
  return exception === 'AccessDeniedException' ? 'AccessDenied' : exception
}
