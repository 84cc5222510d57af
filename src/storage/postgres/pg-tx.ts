/**
 * The StoreReader and StoreTx of the PostgreSQL adapter, over any query function: the reader runs on
 * the read pool (committed state), the transaction on one connection between BEGIN and COMMIT.
 */
import type { AuditDigest, AuditEntry, AuditHead, AuditQuery } from '../../audit/entry.js'
import type { AliasRecord, GrantRecord, ImportParametersRecord, KeyRecord, MaterialRecord } from '../../kms/records.js'
import { PendingChanges } from '../change-feed.js'
import { keyColumns } from '../key-columns.js'
import {
  grantColumns, materialColumns, parseGrant, parseKey, toAlias, toImportParameters, toMaterial, type AliasRow, type ImportParametersRow, type MaterialRow,
} from '../rows.js'
import { StorageConflictError, type GrantFilter, type GrantPosition, type StorageCounters, type StoreReader, type StoreTx } from '../types.js'
import { addAuditDigest, appendAudit, auditHead, findAudit, listAudit, listAuditDigests } from './audit-sql.js'
import { toIamEntity, type IamEntityKind, type IamEntityRecord, type IamEntityRow } from '../iam-entity.js'
import { SQL } from './sql.js'

/** Runs one statement and answers its rows and row count; errors are already mapped (pg-errors.ts). */
export type Query = <R>(sql: string, params: readonly unknown[]) => Promise<{ rows: R[]; rowCount: number }>

export class PgReader implements StoreReader {
  constructor(protected readonly q: Query) {}

  async getKey(keyId: string): Promise<KeyRecord | undefined> {
    return this.oneKey(SQL.getKey, keyId)
  }

  protected async oneKey(sql: string, keyId: string): Promise<KeyRecord | undefined> {
    const { rows } = await this.q<{ record: string }>(sql, [keyId])
    return rows[0] && parseKey(rows[0].record)
  }

  async listKeys(accountId: string, region: string, afterKeyId: string | undefined, limit: number): Promise<KeyRecord[]> {
    return this.keys(SQL.listKeys, [accountId, region, afterKeyId ?? '', limit])
  }

  async listMaterials(keyId: string): Promise<MaterialRecord[]> {
    return (await this.q<MaterialRow>(SQL.materials, [keyId])).rows.map(toMaterial)
  }

  async getAlias(accountId: string, region: string, aliasName: string): Promise<AliasRecord | undefined> {
    const { rows } = await this.q<AliasRow>(SQL.getAlias, [accountId, region, aliasName])
    return rows[0] && toAlias(rows[0])
  }

  async listAliases(accountId: string, region: string, f: { targetKeyId?: string; afterName?: string; limit: number }): Promise<AliasRecord[]> {
    const { rows } = f.targetKeyId === undefined
      ? await this.q<AliasRow>(SQL.listAliases, [accountId, region, f.afterName ?? '', f.limit])
      : await this.q<AliasRow>(SQL.listAliasesOfKey, [accountId, region, f.targetKeyId, f.afterName ?? '', f.limit])
    return rows.map(toAlias)
  }

  async keysDueForDeletion(at: number, limit: number): Promise<KeyRecord[]> {
    return this.keys(SQL.dueDeletion, [at, limit])
  }

  async keysDueForRotation(at: number, limit: number): Promise<KeyRecord[]> {
    return this.keys(SQL.dueRotation, [at, limit])
  }

  async getSetting(name: string): Promise<Buffer | undefined> {
    return (await this.q<{ value: Buffer }>(SQL.getSetting, [name])).rows[0]?.value
  }

  async materialsDueToExpire(at: number, limit: number): Promise<MaterialRecord[]> {
    return (await this.q<MaterialRow>(SQL.dueExpiry, [at, limit])).rows.map(toMaterial)
  }

  async getImportParameters(tokenId: string): Promise<ImportParametersRecord | undefined> {
    const { rows } = await this.q<ImportParametersRow>(SQL.getImportParameters, [tokenId])
    return rows[0] && toImportParameters(rows[0])
  }

  async getGrant(keyId: string, grantId: string): Promise<GrantRecord | undefined> {
    return (await this.grants(SQL.getGrant, [keyId, grantId]))[0]
  }

  async listGrants(keyId: string, f: GrantFilter): Promise<GrantRecord[]> {
    return this.grants(SQL.listGrants, [keyId, f.granteePrincipal ?? null, f.name ?? null, f.afterGrantId ?? '', f.limit])
  }

  async listRetirableGrants(accountId: string, region: string, retiring: string, after: GrantPosition | undefined, limit: number): Promise<GrantRecord[]> {
    return this.grants(SQL.listRetirableGrants, [accountId, region, retiring, after?.keyId ?? '', after?.grantId ?? '', limit])
  }

  async countGrants(keyId: string): Promise<number> {
    return Number((await this.q<{ n: string }>(SQL.countGrants, [keyId])).rows[0]!.n)
  }

  async auditHead(): Promise<AuditHead> { return auditHead(this.q, false) }
  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> { return listAudit(this.q, afterSeq, limit) }
  async findAudit(query: AuditQuery): Promise<AuditEntry[]> { return findAudit(this.q, query) }
  async listAuditDigests(): Promise<AuditDigest[]> { return listAuditDigests(this.q) }

  private async grants(sql: string, params: readonly unknown[]): Promise<GrantRecord[]> {
    return (await this.q<{ record: string }>(sql, params)).rows.map((r) => parseGrant(r.record))
  }

  async getIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    const { rows } = await this.q<IamEntityRow>(SQL.getIamEntity, [accountId, kind, name])
    return rows[0] && toIamEntity(rows[0])
  }

  async findIamEntity(kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    const { rows } = await this.q<IamEntityRow>(SQL.findIamEntity, [kind, name])
    return rows[0] && toIamEntity(rows[0])
  }

  async listIamEntities(accountId: string, kind: IamEntityKind, owner?: string): Promise<IamEntityRecord[]> {
    const { rows } = owner === undefined
      ? await this.q<IamEntityRow>(SQL.listIamEntities, [accountId, kind])
      : await this.q<IamEntityRow>(SQL.listIamEntitiesOfOwner, [accountId, kind, owner])
    return rows.map(toIamEntity)
  }

  private async keys(sql: string, params: readonly unknown[]): Promise<KeyRecord[]> {
    return (await this.q<{ record: string }>(sql, params)).rows.map((r) => parseKey(r.record))
  }
}

export class PgTx extends PgReader implements StoreTx {
  readonly changes = new PendingChanges()

  constructor(q: Query, private readonly counters: StorageCounters) {
    super(q)
  }

  /** Locks the row until the transaction ends, so read-modify-writes of one key serialize across nodes. */
  override async getKey(keyId: string): Promise<KeyRecord | undefined> {
    return this.oneKey(SQL.getKeyForUpdate, keyId)
  }

  /** Locks the chain head until the transaction ends: the appends of all nodes form one chain. */
  override async auditHead(): Promise<AuditHead> { return auditHead(this.q, true) }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    await appendAudit(this.q, entries)
    // Counted before COMMIT, as in the SQLite adapter: only the bench reads it.
    this.counters.auditRecords += entries.length
  }
  async addAuditDigest(digest: AuditDigest): Promise<void> { await addAuditDigest(this.q, digest) }

  async putKey(record: KeyRecord, expectedRevision: number | null): Promise<void> {
    const { deletionDate, nextRotationAt } = keyColumns(record)
    const json = JSON.stringify(record)
    const { rowCount } = expectedRevision === null
      ? await this.q(SQL.insertKey, [record.keyId, record.accountId, record.region, record.revision, deletionDate, nextRotationAt, json])
      : await this.q(SQL.updateKey, [record.revision, deletionDate, nextRotationAt, json, record.keyId, expectedRevision])
    if (rowCount !== 1) throw new StorageConflictError(`key ${record.keyId} changed concurrently`)
    this.changes.key(record.keyId, false)
  }

  async deleteKey(keyId: string): Promise<void> {
    await this.q(SQL.deleteKey, [keyId])
    this.changes.key(keyId, true)
  }

  async addMaterial(m: MaterialRecord): Promise<void> {
    const [sealed, rotationType, rotatedAt, imported, expiresAt] = materialColumns(m)
    await this.q(SQL.addMaterial, [m.keyId, m.materialId, sealed, m.createdAt, rotationType, rotatedAt, imported, expiresAt])
  }

  async updateMaterial(m: MaterialRecord): Promise<void> {
    const { rowCount } = await this.q(SQL.updateMaterial, [...materialColumns(m), m.keyId, m.materialId])
    if (rowCount !== 1) throw new StorageConflictError(`material ${m.materialId} of key ${m.keyId} does not exist`)
  }

  async putImportParameters(p: ImportParametersRecord): Promise<void> {
    await this.q(SQL.putImportParameters, [p.tokenId, p.keyId, p.wrappingAlgorithm, p.wrappingKeySpec, p.sealedPrivateKey, p.expiresAt])
  }

  async deleteImportParameters(tokenId: string): Promise<boolean> {
    return (await this.q(SQL.deleteImportParameters, [tokenId])).rowCount === 1
  }

  async deleteExpiredImportParameters(at: number): Promise<number> {
    return (await this.q(SQL.deleteExpiredImportParameters, [at])).rowCount
  }

  async addGrant(g: GrantRecord): Promise<void> {
    const { rowCount } = await this.q(SQL.addGrant, grantColumns(g))
    if (rowCount !== 1) throw new StorageConflictError(`grant ${g.grantId} already exists`)
    this.changes.grants(g.keyId)
  }

  async deleteGrant(keyId: string, grantId: string): Promise<boolean> {
    const { rowCount } = await this.q(SQL.deleteGrant, [keyId, grantId])
    if (rowCount > 0) this.changes.grants(keyId)
    return rowCount > 0
  }

  async putAlias(a: AliasRecord): Promise<void> {
    await this.q(SQL.putAlias, [a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.updatedAt])
    this.changes.alias(a.accountId, a.region, a.aliasName)
  }

  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<void> {
    await this.q(SQL.deleteAlias, [accountId, region, aliasName])
    this.changes.alias(accountId, region, aliasName)
  }

  async putSetting(name: string, value: Buffer): Promise<void> {
    await this.q(SQL.putSetting, [name, value])
  }

  async addSetting(name: string, value: Buffer): Promise<void> {
    const { rowCount } = await this.q(SQL.addSetting, [name, value])
    if (rowCount !== 1) throw new StorageConflictError(`setting ${name} already exists`)
  }

  async lockIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    const { rows } = await this.q<IamEntityRow>(SQL.lockIamEntity, [accountId, kind, name])
    return rows[0] && toIamEntity(rows[0])
  }

  async insertIamEntity(e: IamEntityRecord): Promise<void> {
    const { rowCount } = await this.q(SQL.insertIamEntity, [e.accountId, e.kind, e.name, e.owner, e.record, e.sealed, e.purgeAt])
    if (rowCount !== 1) throw new StorageConflictError(`${e.kind} ${e.name} already exists`)
    this.changes.iam(e.accountId, e.kind, e.name)
  }

  async purgeIamEntities(at: number): Promise<number> {
    return (await this.q(SQL.purgeIamEntities, [at])).rowCount
  }

  async putIamEntity(e: IamEntityRecord): Promise<void> {
    await this.q(SQL.putIamEntity, [e.accountId, e.kind, e.name, e.owner, e.record, e.sealed, e.purgeAt])
    this.changes.iam(e.accountId, e.kind, e.name)
  }

  async deleteIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<void> {
    await this.q(SQL.deleteIamEntity, [accountId, kind, name])
    this.changes.iam(accountId, kind, name)
  }
}
