/** The SQLite adapter's StoreReader: prepared statements over one connection (committed state, or the writer's own transaction). */
import type Database from 'better-sqlite3'
import type { AuditDigest, AuditEntry, AuditHead, AuditQuery } from '../../audit/entry.js'
import type { AliasRecord, GrantRecord, ImportParametersRecord, KeyRecord, MaterialRecord } from '../../kms/records.js'
import { parseGrant, parseKey, toAlias, toImportParameters, toMaterial, type AliasRow, type ImportParametersRow, type MaterialRow } from '../rows.js'
import { toIamEntity, type IamEntityKind, type IamEntityRecord, type IamEntityRow } from '../iam-entity.js'
import type { GrantFilter, GrantPosition, StoreReader } from '../types.js'
import { SqliteAuditReader } from './audit-sql.js'

type Db = Database.Database

export class SqliteReader implements StoreReader {
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
      getIamEntity: db.prepare('SELECT * FROM iam_entities WHERE account_id = ? AND kind = ? AND name = ?'),
      findIamEntity: db.prepare('SELECT * FROM iam_entities WHERE kind = ? AND name = ? ORDER BY account_id LIMIT 1'),
      listIamEntities: db.prepare('SELECT * FROM iam_entities WHERE account_id = ? AND kind = ? ORDER BY name'),
      listIamEntitiesOfOwner: db.prepare('SELECT * FROM iam_entities WHERE account_id = ? AND kind = ? AND owner = ? ORDER BY name'),
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
  async getIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    const r = this.stmt.getIamEntity.get(accountId, kind, name) as IamEntityRow | undefined
    return r && toIamEntity(r)
  }

  async findIamEntity(kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    const r = this.stmt.findIamEntity.get(kind, name) as IamEntityRow | undefined
    return r && toIamEntity(r)
  }

  async listIamEntities(accountId: string, kind: IamEntityKind, owner?: string): Promise<IamEntityRecord[]> {
    const rows = owner === undefined ? this.stmt.listIamEntities.all(accountId, kind) : this.stmt.listIamEntitiesOfOwner.all(accountId, kind, owner)
    return (rows as IamEntityRow[]).map(toIamEntity)
  }

  async auditHead(): Promise<AuditHead> { return this.audit.head() }
  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> { return this.audit.list(afterSeq, limit) }
  async findAudit(query: AuditQuery): Promise<AuditEntry[]> { return this.audit.find(query) }
  async listAuditDigests(): Promise<AuditDigest[]> { return this.audit.digests() }
}
