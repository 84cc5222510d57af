/** The SQLite statements of the audit trail (records, chain head, digests), used by sqlite-storage.ts. */
import type Database from 'better-sqlite3'
import { GENESIS_HASH, type AuditDigest, type AuditEntry, type AuditHead, type AuditQuery } from '../../audit/entry.js'
import { AUDIT_COLUMNS, toAuditDigest, toAuditEntry, type AuditDigestRow, type AuditEntryRow } from '../audit-rows.js'

type Db = Database.Database


export class SqliteAuditReader {
  private readonly stmt
  private readonly queries = new Map<string, Database.Statement>()

  constructor(private readonly db: Db) {
    this.stmt = {
      head: db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1'),
      list: db.prepare('SELECT * FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?'),
      digests: db.prepare('SELECT * FROM audit_digests ORDER BY seq'),
    }
  }

  head(): AuditHead {
    return (this.stmt.head.get() as AuditHead | undefined) ?? { seq: 0, hash: GENESIS_HASH }
  }

  list(afterSeq: number, limit: number): AuditEntry[] {
    return (this.stmt.list.all(afterSeq, limit) as AuditEntryRow[]).map(toAuditEntry)
  }

  find(q: AuditQuery): AuditEntry[] {
    const where: string[] = ['account_id = ?']
    const params: (string | number)[] = [q.accountId]
    if (q.attribute) { where.push(`${AUDIT_COLUMNS[q.attribute.name]} = ?`); params.push(q.attribute.value) }
    if (q.startTime !== undefined) { where.push('event_time >= ?'); params.push(q.startTime) }
    if (q.endTime !== undefined) { where.push('event_time <= ?'); params.push(q.endTime) }
    if (q.beforeSeq !== undefined) { where.push('seq < ?'); params.push(q.beforeSeq) }
    if (q.eventNames) { where.push(`event_name IN (${q.eventNames.map(() => '?').join(', ')})`); params.push(...q.eventNames) }
    if (q.succeededOnly) where.push('error_code IS NULL')
    const sql = `SELECT * FROM audit_records WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`
    let stmt = this.queries.get(sql)
    if (!stmt) { stmt = this.db.prepare(sql); this.queries.set(sql, stmt) }
    return (stmt.all(...params, q.limit) as AuditEntryRow[]).map(toAuditEntry)
  }

  digests(): AuditDigest[] {
    return (this.stmt.digests.all() as AuditDigestRow[]).map(toAuditDigest)
  }
}

/** Rows per INSERT statement: 32 rows of 16 columns stay far below SQLite's limit of bound parameters. */
const ROWS_PER_INSERT = 32
const AUDIT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'

export class SqliteAuditWriter {
  private readonly stmt
  /** Multi-row INSERTs by row count: one statement step per 32 records instead of one per record. */
  private readonly inserts = new Map<number, Database.Statement>()

  constructor(private readonly db: Db) {
    this.stmt = {
      head: db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash'),
      digest: db.prepare(`INSERT INTO audit_digests (seq, created_at, head_seq, head_hash, previous_signature, key_fingerprint, signature)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
    }
  }

  append(entries: readonly AuditEntry[]): void {
    for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
      const end = Math.min(start + ROWS_PER_INSERT, entries.length)
      const params: (string | number | null)[] = []
      for (let i = start; i < end; i++) {
        const e = entries[i]!
        params.push(e.seq, e.eventId, e.eventTime, e.eventName, e.eventSource, e.username, e.accessKeyId, e.resourceName,
          e.resourceType, e.readOnly ? 'true' : 'false', e.errorCode, e.requestId, e.record, e.prevHash, e.hash, e.accountId)
      }
      this.insert(end - start).run(params)
    }
    const last = entries.at(-1)
    if (last) this.stmt.head.run(last.seq, last.hash)
  }

  private insert(rows: number): Database.Statement {
    let stmt = this.inserts.get(rows)
    if (!stmt) {
      stmt = this.db.prepare(`INSERT INTO audit_records (seq, event_id, event_time, event_name, event_source, username, access_key_id,
        resource_name, resource_type, read_only, error_code, request_id, record, prev_hash, hash, account_id) VALUES ${Array(rows).fill(AUDIT_ROW).join(', ')}`)
      this.inserts.set(rows, stmt)
    }
    return stmt
  }

  addDigest(d: AuditDigest): void {
    this.stmt.digest.run(d.seq, d.createdAt, d.headSeq, d.headHash, d.previousSignature, d.keyFingerprint, d.signature)
  }
}
