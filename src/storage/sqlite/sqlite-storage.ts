/**
 * The embedded default store: SQLite in WAL mode with synchronous=FULL, so a write is on disk before
 * its transaction returns, and a crash at any moment leaves the database consistent.
 * One writer connection (transactions are serialized by a promise queue, since a transaction body may
 * await) and one reader connection, which sees committed state only.
 */
import Database from 'better-sqlite3'
import type { AuditDigest, AuditEntry, AuditHead, AuditQuery, UnchainedEntry } from '../../audit/entry.js'
import type { AliasRecord, KeyRecord, MaterialRecord } from '../../kms/records.js'
import { StorageConflictError, type Storage, type StorageCounters, type StoreReader, type StoreTx } from '../types.js'
import { AuditAppender } from './audit-appender.js'
import { SqliteAuditReader, SqliteAuditWriter } from './audit-sql.js'
import { openConnection } from './connection.js'
import { SQLITE_MIGRATIONS } from './schema.js'

type Db = Database.Database

export class SqliteStorage implements Storage {
  readonly read: StoreReader
  private readonly writer: Db
  private readonly reader: Db
  private readonly tx: StoreTx
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
        this.counters.commits++
        return result
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK')
        throw err
      }
    }
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
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

interface MaterialRow { key_id: string; material_id: string; sealed: Buffer; created_at: number; rotation_type: string | null }
interface AliasRow { account_id: string; region: string; alias_name: string; target_key_id: string; created_at: number; updated_at: number }

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
    return (this.stmt.materials.all(keyId) as MaterialRow[]).map((r) => ({
      keyId: r.key_id,
      materialId: r.material_id,
      sealed: r.sealed,
      createdAt: r.created_at,
      ...(r.rotation_type ? { rotationType: r.rotation_type as MaterialRecord['rotationType'] } : {}),
    }))
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

  async auditHead(): Promise<AuditHead> { return this.audit.head() }
  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> { return this.audit.list(afterSeq, limit) }
  async findAudit(query: AuditQuery): Promise<AuditEntry[]> { return this.audit.find(query) }
  async listAuditDigests(): Promise<AuditDigest[]> { return this.audit.digests() }
}

class SqliteTx extends SqliteReader implements StoreTx {
  private readonly w
  private readonly auditWriter: SqliteAuditWriter

  constructor(db: Db, private readonly counters: StorageCounters) {
    super(db)
    this.auditWriter = new SqliteAuditWriter(db)
    this.w = {
      insertKey: db.prepare('INSERT INTO keys (key_id, account_id, region, revision, deletion_date, next_rotation_at, record) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      updateKey: db.prepare('UPDATE keys SET revision = ?, deletion_date = ?, next_rotation_at = ?, record = ? WHERE key_id = ? AND revision = ?'),
      deleteKey: db.prepare('DELETE FROM keys WHERE key_id = ?'),
      addMaterial: db.prepare('INSERT INTO materials (key_id, material_id, sealed, created_at, rotation_type) VALUES (?, ?, ?, ?, ?)'),
      putAlias: db.prepare(`INSERT INTO aliases (account_id, region, alias_name, target_key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, region, alias_name) DO UPDATE SET target_key_id = excluded.target_key_id, updated_at = excluded.updated_at`),
      deleteAlias: db.prepare('DELETE FROM aliases WHERE account_id = ? AND region = ? AND alias_name = ?'),
      putSetting: db.prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    }
  }

  async putKey(record: KeyRecord, expectedRevision: number | null): Promise<void> {
    const json = JSON.stringify(record)
    const deletion = record.keyState === 'PendingDeletion' ? record.deletionDate ?? null : null
    // Only enabled keys rotate; a key re-enabled after its date passed is picked up at once.
    const rotation = record.rotation.enabled && record.keyState === 'Enabled' ? record.rotation.nextRotationAt ?? null : null
    const changes = expectedRevision === null
      ? this.w.insertKey.run(record.keyId, record.accountId, record.region, record.revision, deletion, rotation, json).changes
      : this.w.updateKey.run(record.revision, deletion, rotation, json, record.keyId, expectedRevision).changes
    if (changes !== 1) throw new StorageConflictError(`key ${record.keyId} changed concurrently`)
  }

  async deleteKey(keyId: string): Promise<void> {
    this.w.deleteKey.run(keyId)
  }

  async addMaterial(m: MaterialRecord): Promise<void> {
    this.w.addMaterial.run(m.keyId, m.materialId, m.sealed, m.createdAt, m.rotationType ?? null)
  }

  async putAlias(a: AliasRecord): Promise<void> {
    this.w.putAlias.run(a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.updatedAt)
  }

  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<void> {
    this.w.deleteAlias.run(accountId, region, aliasName)
  }

  async putSetting(name: string, value: Buffer): Promise<void> {
    this.w.putSetting.run(name, value)
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

const parseKey = (json: string): KeyRecord => JSON.parse(json) as KeyRecord

const toAlias = (r: AliasRow): AliasRecord => ({
  accountId: r.account_id,
  region: r.region,
  aliasName: r.alias_name,
  targetKeyId: r.target_key_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})
