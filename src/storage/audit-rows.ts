/**
 * The audit tables' rows as both adapters read them, and the LookupEvents attribute -> column map. The
 * integer columns are numbers from SQLite and strings from PostgreSQL (pg returns BIGINT as text), hence
 * Number() on each.
 */
import type { AuditAttribute, AuditDigest, AuditEntry } from '../audit/entry.js'

type Int = number | string

export interface AuditEntryRow {
  seq: Int; event_id: string; event_time: Int; event_name: string; event_source: string; username: string | null
  access_key_id: string | null; resource_name: string | null; resource_type: string | null; read_only: string; account_id: string | null
  error_code: string | null; request_id: string | null; record: string; prev_hash: string; hash: string
}

export interface AuditDigestRow {
  seq: Int; created_at: Int; head_seq: Int; head_hash: string; previous_signature: string | null; key_fingerprint: string; signature: string
}

/** LookupEvents attribute -> column; the only way a caller's value reaches SQL is as a bound parameter. */
export const AUDIT_COLUMNS: Record<AuditAttribute, string> = {
  EventName: 'event_name', Username: 'username', ResourceName: 'resource_name', ResourceType: 'resource_type',
  EventId: 'event_id', ReadOnly: 'read_only', AccessKeyId: 'access_key_id', EventSource: 'event_source',
}

export const toAuditEntry = (r: AuditEntryRow): AuditEntry => ({
  seq: Number(r.seq), eventId: r.event_id, eventTime: Number(r.event_time), eventName: r.event_name, eventSource: r.event_source,
  username: r.username, accessKeyId: r.access_key_id, resourceName: r.resource_name, resourceType: r.resource_type,
  readOnly: r.read_only === 'true', accountId: r.account_id, errorCode: r.error_code, requestId: r.request_id, record: r.record, prevHash: r.prev_hash, hash: r.hash,
})

export const toAuditDigest = (r: AuditDigestRow): AuditDigest => ({
  seq: Number(r.seq), createdAt: Number(r.created_at), headSeq: Number(r.head_seq), headHash: r.head_hash,
  previousSignature: r.previous_signature, keyFingerprint: r.key_fingerprint, signature: r.signature,
})
