/**
 * The audit trail in PostgreSQL (records, chain head, digests), used by pg-tx.ts. Several nodes append
 * to one chain: the head row always exists (migration 4 seeds it) and an appending transaction reads it
 * with SELECT ... FOR UPDATE, so appends serialize on it across nodes; seq is the primary key, so even a
 * bug that skipped the lock could not fork the chain, only fail.
 */
import { GENESIS_HASH, type AuditDigest, type AuditEntry, type AuditHead, type AuditQuery } from '../../audit/entry.js'
import { AUDIT_COLUMNS, toAuditDigest, toAuditEntry, type AuditDigestRow, type AuditEntryRow } from '../audit-rows.js'
import type { Query } from './pg-tx.js'


export const AUDIT_SQL = {
  head: 'SELECT seq, hash FROM audit_head WHERE id = 1',
  /** Inside an appending transaction: other nodes' appends wait until it ends. */
  headForUpdate: 'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
  list: 'SELECT * FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2',
  digests: 'SELECT * FROM audit_digests ORDER BY seq',
  /** A whole batch in one statement (one round trip), column by column. */
  insert: `INSERT INTO audit_records (seq, event_id, event_time, event_name, event_source, username, access_key_id,
      resource_name, resource_type, read_only, error_code, request_id, record, prev_hash, hash, account_id)
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
      $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])`,
  moveHead: `INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)
    ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
  addDigest: `INSERT INTO audit_digests (seq, created_at, head_seq, head_hash, previous_signature, key_fingerprint, signature)
    VALUES ($1, $2, $3, $4, $5, $6, $7)`,
} as const

export async function auditHead(q: Query, forUpdate: boolean): Promise<AuditHead> {
  const { rows } = await q<{ seq: string; hash: string }>(forUpdate ? AUDIT_SQL.headForUpdate : AUDIT_SQL.head, [])
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : { seq: 0, hash: GENESIS_HASH }
}

export async function listAudit(q: Query, afterSeq: number, limit: number): Promise<AuditEntry[]> {
  return (await q<AuditEntryRow>(AUDIT_SQL.list, [afterSeq, limit])).rows.map(toAuditEntry)
}

export async function findAudit(q: Query, query: AuditQuery): Promise<AuditEntry[]> {
  const params: unknown[] = []
  const bind = (value: unknown): string => { params.push(value); return `$${params.length}` }
  const where: string[] = [`account_id = ${bind(query.accountId)}`]
  if (query.attribute) where.push(`${AUDIT_COLUMNS[query.attribute.name]} = ${bind(query.attribute.value)}`)
  if (query.startTime !== undefined) where.push(`event_time >= ${bind(query.startTime)}`)
  if (query.endTime !== undefined) where.push(`event_time <= ${bind(query.endTime)}`)
  if (query.beforeSeq !== undefined) where.push(`seq < ${bind(query.beforeSeq)}`)
  if (query.eventNames) where.push(`event_name = ANY(${bind([...query.eventNames])}::text[])`)
  if (query.succeededOnly) where.push('error_code IS NULL')
  const sql = `SELECT * FROM audit_records WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${bind(query.limit)}`
  return (await q<AuditEntryRow>(sql, params)).rows.map(toAuditEntry)
}

export async function listAuditDigests(q: Query): Promise<AuditDigest[]> {
  return (await q<AuditDigestRow>(AUDIT_SQL.digests, [])).rows.map(toAuditDigest)
}

export async function appendAudit(q: Query, entries: readonly AuditEntry[]): Promise<void> {
  const last = entries.at(-1)
  if (!last) return
  const column = <V>(get: (e: AuditEntry) => V): V[] => entries.map(get)
  await q(AUDIT_SQL.insert, [
    column((e) => e.seq), column((e) => e.eventId), column((e) => e.eventTime), column((e) => e.eventName), column((e) => e.eventSource),
    column((e) => e.username), column((e) => e.accessKeyId), column((e) => e.resourceName), column((e) => e.resourceType),
    column((e) => (e.readOnly ? 'true' : 'false')), column((e) => e.errorCode), column((e) => e.requestId), column((e) => e.record),
    column((e) => e.prevHash), column((e) => e.hash), column((e) => e.accountId),
  ])
  await q(AUDIT_SQL.moveHead, [last.seq, last.hash])
}

export async function addAuditDigest(q: Query, d: AuditDigest): Promise<void> {
  await q(AUDIT_SQL.addDigest, [d.seq, d.createdAt, d.headSeq, d.headHash, d.previousSignature, d.keyFingerprint, d.signature])
}
