/** The SQLite adapter's StoreTx: the writes of one transaction on the writer connection, and the changes it announces after COMMIT. */
import type Database from 'better-sqlite3'
import type { AuditDigest, AuditEntry } from '../../audit/entry.js'
import type { AliasRecord, GrantRecord, ImportParametersRecord, KeyRecord, MaterialRecord } from '../../kms/records.js'
import { PendingChanges } from '../change-feed.js'
import { keyColumns } from '../key-columns.js'
import { grantColumns, materialColumns } from '../rows.js'
import { type IamEntityKind, type IamEntityRecord } from '../iam-entity.js'
import { StorageConflictError, type StorageCounters, type StoreTx } from '../types.js'
import { SqliteAuditWriter } from './audit-sql.js'
import { SqliteReader } from './sqlite-reader.js'

type Db = Database.Database

export class SqliteTx extends SqliteReader implements StoreTx {
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
      putIamEntity: db.prepare(`INSERT INTO iam_entities (account_id, kind, name, owner, record, sealed, purge_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, kind, name) DO UPDATE SET owner = excluded.owner, record = excluded.record, sealed = excluded.sealed, purge_at = excluded.purge_at`),
      insertIamEntity: db.prepare(`INSERT INTO iam_entities (account_id, kind, name, owner, record, sealed, purge_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, kind, name) DO NOTHING`),
      purgeIamEntities: db.prepare('DELETE FROM iam_entities WHERE purge_at <= ?'),
      deleteIamEntity: db.prepare('DELETE FROM iam_entities WHERE account_id = ? AND kind = ? AND name = ?'),
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

  async deleteImportParameters(tokenId: string): Promise<boolean> {
    return this.w.deleteImportParameters.run(tokenId).changes === 1
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

  /** SQLite transactions are serialized: a plain read already holds off every other writer. */
  async lockIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    return this.getIamEntity(accountId, kind, name)
  }

  async insertIamEntity(e: IamEntityRecord): Promise<void> {
    if (this.w.insertIamEntity.run(e.accountId, e.kind, e.name, e.owner, e.record, e.sealed, e.purgeAt).changes !== 1) {
      throw new StorageConflictError(`${e.kind} ${e.name} already exists`)
    }
    this.changes.iam(e.accountId, e.kind, e.name)
  }

  async purgeIamEntities(at: number): Promise<number> {
    return this.w.purgeIamEntities.run(at).changes
  }

  async putIamEntity(e: IamEntityRecord): Promise<void> {
    this.w.putIamEntity.run(e.accountId, e.kind, e.name, e.owner, e.record, e.sealed, e.purgeAt)
    this.changes.iam(e.accountId, e.kind, e.name)
  }

  async deleteIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<void> {
    this.w.deleteIamEntity.run(accountId, kind, name)
    this.changes.iam(accountId, kind, name)
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
