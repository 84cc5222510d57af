/**
 * The embedded default store: SQLite in WAL mode with synchronous=FULL, so a write is on disk before
 * its transaction returns, and a crash at any moment leaves the database consistent.
 * One writer connection (transactions are serialized by a promise queue, since a transaction body may
 * await) and one reader connection, which sees committed state only.
 */
import Database from 'better-sqlite3'
import type { AliasRecord, GrantRecord, ImportParametersRecord, KeyRecord, MaterialRecord } from '../../kms/records.js'
import { keyColumns } from '../key-columns.js'
import {
  grantColumns, materialColumns, parseGrant, parseKey, toAlias, toImportParameters, toMaterial, type AliasRow, type ImportParametersRow, type MaterialRow,
} from '../rows.js'
import { ChangeListeners, PendingChanges } from '../change-feed.js'
import { StorageConflictError, type GrantFilter, type GrantPosition, type Storage, type StorageCounters, type StoreChange, type StoreReader, type StoreTx } from '../types.js'
import type { AuditDigest, AuditEntry, AuditHead, AuditQuery, UnchainedEntry } from '../../audit/entry.js'
import { AuditAppender } from './audit-appender.js'
import { SqliteAuditReader, SqliteAuditWriter } from './audit-sql.js'
import { openConnection } from './connection.js'
import { SQLITE_MIGRATIONS } from './schema.js'

type Db = Database.Database

export class SqliteStorage implements Storage {
  readonly read: StoreReader
  private readonly writer: Db
  private readonly reader: Db
  private readonly tx: SqliteTx
  private readonly listeners = new ChangeListeners()
  private queue: Promise<unknown> = Promise.resolve()
  private readonly appender: AuditAppender
  /** Each COMMIT is one WAL fsync (synchronous=FULL): the bench reports flushes per second from it. */
  readonly counters: StorageCounters = { commits: 0, auditRecords: 0 }

  constructor(path: string) {
    this.writer = openConnection(path)
    migrate(this.writer)
    this.reader = openConnection(path)
    this.read = new SqliteReader(this.reader)
    this.tx = new SqliteTx(this.writer, this.counters)
    this.appender = new AuditAppender(path)
  }

  async appendAuditRecords(entries: readonly UnchainedEntry[]): Promise<void> {
    await this.appender.append(entries)
    this.counters.commits++
    this.counters.auditRecords += entries.length
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.writer.exec('BEGIN IMMEDIATE')
      try {
        const result = await fn(this.tx)
        this.writer.exec('COMMIT')
        for (const change of this.tx.changes.take()) this.listeners.emit(change)
        this.counters.commits++
        return result
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK')
        this.tx.changes.take()
        throw err
      }
    }
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }

  /** One process owns an SQLite store, so the feed carries only this process's own commits. */
  onChange(listener: (change: StoreChange) => void): () => void {
    return this.listeners.add(listener)
  }

  /** One process owns an SQLite store: every lease is always free. */
  async withLease<T>(_name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T }> {
    return { ran: true, value: await fn() }
  }

  async close(): Promise<void> {
    await this.queue
    await this.appender.close()
    this.reader.close()
    this.writer.close()
  }
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT')
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined
  const current = row?.version ?? 0
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(`the database schema (version ${current}) is newer than this Trent (version ${SQLITE_MIGRATIONS.length})`)
  }
  db.transaction(() => {
    for (let v = current; v < SQLITE_MIGRATIONS.length; v++) db.exec(SQLITE_MIGRATIONS[v]!)
    db.prepare('DELETE FROM schema_version').run()
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SQLITE_MIGRATIONS.length)
  }).immediate()
}

class SqliteReader implements StoreReader {
  private readonly stmt
  private readonly audit: SqliteAuditReader

  constructor(protected readonly db: Db) {
    this.audit = new SqliteAuditReader(db)
    this.stmt = {
      getKey: db.prepare('SELECT record FROM keys WHERE key_id = ?').pluck(),
      listKeys: db.prepare('SELECT record FROM keys WHERE account_id = ? AND region = ? AND key_id > ? ORDER BY key_id LIMIT ?').pluck(),
      materials: db.prepare('SELECT * FROM materials WHERE key_id = ? ORDER BY seq'),
      getAlias: db.prepare('SELECT * FROM aliases WHERE account_id = ? AND region = ? AND alias_name = ?'),
      listAliases: db.prepare('SELECT * FROM aliases WHERE account_id = ? AND region = ? AND alias_name > ? ORDER BY alias_name LIMIT ?'),
      listAliasesOfKey: db.prepare('SELECT * FROM aliases WHERE account_id = ? AND region = ? AND target_key_id = ? AND alias_name > ? ORDER BY alias_name LIMIT ?'),
      dueDeletion: db.prepare('SELECT record FROM keys WHERE deletion_date <= ? ORDER BY deletion_date LIMIT ?').pluck(),
      dueRotation: db.prepare('SELECT record FROM keys WHERE next_rotation_at <= ? ORDER BY next_rotation_at LIMIT ?').pluck(),
      getSetting: db.prepare('SELECT value FROM settings WHERE name = ?').pluck(),
      dueExpiry: db.prepare('SELECT * FROM materials WHERE expires_at <= ? ORDER BY expires_at LIMIT ?'),
      getImportParameters: db.prepare('SELECT * FROM import_parameters WHERE token_id = ?'),
      getGrant: db.prepare('SELECT record FROM grants WHERE key_id = ? AND grant_id = ?').pluck(),
      listGrants: db.prepare(`SELECT record FROM grants WHERE key_id = @keyId AND (@grantee IS NULL OR grantee_principal = @grantee)
        AND (@name IS NULL OR name = @name) AND grant_id > @after ORDER BY grant_id LIMIT @limit`).pluck(),
      listRetirableGrants: db.prepare(`SELECT record FROM grants WHERE account_id = ? AND region = ? AND retiring_principal = ?
        AND (key_id, grant_id) > (?, ?) ORDER BY key_id, grant_id LIMIT ?`).pluck(),
      countGrants: db.prepare('SELECT count(*) FROM grants WHERE key_id = ?').pluck(),
    }
  }

  async getKey(keyId: string): Promise<KeyRecord | undefined> {
    const json = this.stmt.getKey.get(keyId) as string | undefined
    return json === undefined ? undefined : (JSON.parse(json) as KeyRecord)
  }

  async listKeys(accountId: string, region: string, afterKeyId: string | undefined, limit: number): Promise<KeyRecord[]> {
    return (this.stmt.listKeys.all(accountId, region, afterKeyId ?? '', limit) as string[]).map(parseKey)
  }

  async listMaterials(keyId: string): Promise<MaterialRecord[]> {
    return (this.stmt.materials.all(keyId) as MaterialRow[]).map(toMaterial)
  }

  async getAlias(accountId: string, region: string, aliasName: string): Promise<AliasRecord | undefined> {
    const row = this.stmt.getAlias.get(accountId, region, aliasName) as AliasRow | undefined
    return row && toAlias(row)
  }

  async listAliases(accountId: string, region: string, f: { targetKeyId?: string; afterName?: string; limit: number }): Promise<AliasRecord[]> {
    const rows = f.targetKeyId === undefined
      ? this.stmt.listAliases.all(accountId, region, f.afterName ?? '', f.limit)
      : this.stmt.listAliasesOfKey.all(accountId, region, f.targetKeyId, f.afterName ?? '', f.limit)
    return (rows as AliasRow[]).map(toAlias)
  }

  async keysDueForDeletion(at: number, limit: number): Promise<KeyRecord[]> {
    return (this.stmt.dueDeletion.all(at, limit) as string[]).map(parseKey)
  }

  async keysDueForRotation(at: number, limit: number): Promise<KeyRecord[]> {
    return (this.stmt.dueRotation.all(at, limit) as string[]).map(parseKey)
  }

  async getSetting(name: string): Promise<Buffer | undefined> {
    return this.stmt.getSetting.get(name) as Buffer | undefined
  }

  async materialsDueToExpire(at: number, limit: number): Promise<MaterialRecord[]> {
    return (this.stmt.dueExpiry.all(at, limit) as MaterialRow[]).map(toMaterial)
  }

  async getImportParameters(tokenId: string): Promise<ImportParametersRecord | undefined> {
    const r = this.stmt.getImportParameters.get(tokenId) as ImportParametersRow | undefined
    return r && toImportParameters(r)
  }

  async getGrant(keyId: string, grantId: string): Promise<GrantRecord | undefined> {
    const json = this.stmt.getGrant.get(keyId, grantId) as string | undefined
    return json === undefined ? undefined : parseGrant(json)
  }

  async listGrants(keyId: string, f: GrantFilter): Promise<GrantRecord[]> {
    const params = { keyId, grantee: f.granteePrincipal ?? null, name: f.name ?? null, after: f.afterGrantId ?? '', limit: f.limit }
    return (this.stmt.listGrants.all(params) as string[]).map(parseGrant)
  }

  async listRetirableGrants(accountId: string, region: string, retiring: string, after: GrantPosition | undefined, limit: number): Promise<GrantRecord[]> {
    const rows = this.stmt.listRetirableGrants.all(accountId, region, retiring, after?.keyId ?? '', after?.grantId ?? '', limit)
    return (rows as string[]).map(parseGrant)
  }

  async countGrants(keyId: string): Promise<number> {
    return this.stmt.countGrants.get(keyId) as number
  }
  async auditHead(): Promise<AuditHead> { return this.audit.head() }
  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> { return this.audit.list(afterSeq, limit) }
  async findAudit(query: AuditQuery): Promise<AuditEntry[]> { return this.audit.find(query) }
  async listAuditDigests(): Promise<AuditDigest[]> { return this.audit.digests() }
}

class SqliteTx extends SqliteReader implements StoreTx {
  readonly changes = new PendingChanges()
  private readonly w
  private readonly auditWriter: SqliteAuditWriter

  constructor(db: Db, private readonly counters: StorageCounters) {
    super(db)
    this.auditWriter = new SqliteAuditWriter(db)
    this.w = {
      insertKey: db.prepare('INSERT INTO keys (key_id, account_id, region, revision, deletion_date, next_rotation_at, record) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      updateKey: db.prepare('UPDATE keys SET revision = ?, deletion_date = ?, next_rotation_at = ?, record = ? WHERE key_id = ? AND revision = ?'),
      deleteKey: db.prepare('DELETE FROM keys WHERE key_id = ?'),
      addMaterial: db.prepare(`INSERT INTO materials (key_id, material_id, sealed, created_at, rotation_type, rotated_at, imported, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      updateMaterial: db.prepare(`UPDATE materials SET sealed = ?, rotation_type = ?, rotated_at = ?, imported = ?, expires_at = ?
        WHERE key_id = ? AND material_id = ?`),
      putImportParameters: db.prepare(`INSERT INTO import_parameters (token_id, key_id, wrapping_algorithm, wrapping_key_spec, sealed_private_key, expires_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      deleteImportParameters: db.prepare('DELETE FROM import_parameters WHERE token_id = ?'),
      deleteExpiredImportParameters: db.prepare('DELETE FROM import_parameters WHERE expires_at <= ?'),
      addGrant: db.prepare(`INSERT INTO grants (key_id, grant_id, account_id, region, name, grantee_principal, retiring_principal, record)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      deleteGrant: db.prepare('DELETE FROM grants WHERE key_id = ? AND grant_id = ?'),
      putAlias: db.prepare(`INSERT INTO aliases (account_id, region, alias_name, target_key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, region, alias_name) DO UPDATE SET target_key_id = excluded.target_key_id, updated_at = excluded.updated_at`),
      deleteAlias: db.prepare('DELETE FROM aliases WHERE account_id = ? AND region = ? AND alias_name = ?'),
      putSetting: db.prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      addSetting: db.prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
    }
  }

  async putKey(record: KeyRecord, expectedRevision: number | null): Promise<void> {
    const json = JSON.stringify(record)
    const { deletionDate: deletion, nextRotationAt: rotation } = keyColumns(record)
    const changes = expectedRevision === null
      ? this.w.insertKey.run(record.keyId, record.accountId, record.region, record.revision, deletion, rotation, json).changes
      : this.w.updateKey.run(record.revision, deletion, rotation, json, record.keyId, expectedRevision).changes
    if (changes !== 1) throw new StorageConflictError(`key ${record.keyId} changed concurrently`)
    this.changes.key(record.keyId, false)
  }

  async deleteKey(keyId: string): Promise<void> {
    this.w.deleteKey.run(keyId)
    this.changes.key(keyId, true)
  }

  async addMaterial(m: MaterialRecord): Promise<void> {
    const [sealed, rotationType, rotatedAt, imported, expiresAt] = materialColumns(m)
    this.w.addMaterial.run(m.keyId, m.materialId, sealed, m.createdAt, rotationType, rotatedAt, imported, expiresAt)
  }

  async updateMaterial(m: MaterialRecord): Promise<void> {
    const changes = this.w.updateMaterial.run(...materialColumns(m), m.keyId, m.materialId).changes
    if (changes !== 1) throw new StorageConflictError(`material ${m.materialId} of key ${m.keyId} does not exist`)
  }

  async putImportParameters(p: ImportParametersRecord): Promise<void> {
    this.w.putImportParameters.run(p.tokenId, p.keyId, p.wrappingAlgorithm, p.wrappingKeySpec, p.sealedPrivateKey, p.expiresAt)
  }

  async deleteImportParameters(tokenId: string): Promise<void> {
    this.w.deleteImportParameters.run(tokenId)
  }

  async deleteExpiredImportParameters(at: number): Promise<number> {
    return this.w.deleteExpiredImportParameters.run(at).changes
  }

  async addGrant(g: GrantRecord): Promise<void> {
    if (this.w.addGrant.run(...grantColumns(g)).changes !== 1) throw new StorageConflictError(`grant ${g.grantId} already exists`)
    this.changes.grants(g.keyId)
  }

  async deleteGrant(keyId: string, grantId: string): Promise<boolean> {
    const removed = this.w.deleteGrant.run(keyId, grantId).changes > 0
    if (removed) this.changes.grants(keyId)
    return removed
  }

  async putAlias(a: AliasRecord): Promise<void> {
    this.w.putAlias.run(a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.updatedAt)
    this.changes.alias(a.accountId, a.region, a.aliasName)
  }

  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<void> {
    this.w.deleteAlias.run(accountId, region, aliasName)
    this.changes.alias(accountId, region, aliasName)
  }

  async putSetting(name: string, value: Buffer): Promise<void> {
    this.w.putSetting.run(name, value)
  }

  async addSetting(name: string, value: Buffer): Promise<void> {
    if (this.w.addSetting.run(name, value).changes !== 1) throw new StorageConflictError(`setting ${name} already exists`)
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    this.auditWriter.append(entries)
    // Counted before COMMIT: a rolled-back batch overcounts, which only the bench reads.
    this.counters.auditRecords += entries.length
  }

  async addAuditDigest(digest: AuditDigest): Promise<void> {
    this.auditWriter.addDigest(digest)
  }
}
