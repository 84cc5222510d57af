/**
 * What the store keeps per audit record and per digest: the canonical record text plus the columns the
 * queries filter on, and its place in the hash chain. Plain data, so every storage adapter can hold it.
 */

/** One record of the chain. `record` is the canonical JSON of the CloudTrail record. */
export interface AuditEntry {
  seq: number
  eventId: string
  /** Milliseconds since the epoch (the record's eventTime). */
  eventTime: number
  eventName: string
  eventSource: string
  username: string | null
  accessKeyId: string | null
  /** The first resource's ARN (a key ARN), if the call named one. */
  resourceName: string | null
  resourceType: string | null
  readOnly: boolean
  /** recipientAccountId: the account whose trail holds the record (null only for records without one). */
  accountId: string | null
  /** Null when the call succeeded. */
  errorCode: string | null
  requestId: string | null
  record: string
  prevHash: string
  hash: string
}

/** A record before it takes its place in the chain. */
export type UnchainedEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>

/** The newest record of the chain; seq 0 and GENESIS_HASH before the first one. */
export interface AuditHead {
  seq: number
  hash: string
}

/** A signed statement over the chain head. */
export interface AuditDigest {
  seq: number
  createdAt: number
  headSeq: number
  headHash: string
  /** Hex signature of the previous digest, or null for the first one. */
  previousSignature: string | null
  keyFingerprint: string
  /** Hex Ed25519 signature over digestStatement(...). */
  signature: string
}

export type AuditAttribute =
  | 'EventName' | 'Username' | 'ResourceName' | 'ResourceType' | 'EventId' | 'ReadOnly' | 'AccessKeyId' | 'EventSource'

/** A LookupEvents-style query, newest first. */
export interface AuditQuery {
  /** Only this account's records (recipientAccountId): required, so no lookup can forget to scope itself. */
  accountId: string
  attribute?: { name: AuditAttribute; value: string }
  startTime?: number
  endTime?: number
  /** Only records with seq below this (paging). */
  beforeSeq?: number
  /** Only records of these event names. */
  eventNames?: readonly string[]
  /** Only calls that succeeded. */
  succeededOnly?: boolean
  limit: number
}

export const GENESIS_HASH = '0'.repeat(64)
