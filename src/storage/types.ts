/**
 * The storage port. Narrow on purpose: every adapter (sqlite/, postgres/) implements exactly
 * this, and storage/conformance.ts proves each one. Records are plain data; secrets arrive sealed.
 */
import type { KeyRecord, MaterialRecord, AliasRecord, GrantRecord, ImportParametersRecord } from '../kms/records.js'
import type { AuditDigest, AuditEntry, AuditHead, AuditQuery, UnchainedEntry } from '../audit/entry.js'
import type { IamEntityKind, IamEntityRecord } from './iam-entity.js'

export interface StoreReader {
  getKey(keyId: string): Promise<KeyRecord | undefined>
  /** Keys of one account and Region ordered by key id, starting after `afterKeyId`. */
  listKeys(accountId: string, region: string, afterKeyId: string | undefined, limit: number): Promise<KeyRecord[]>
  /** Every material version of a key, oldest first. */
  listMaterials(keyId: string): Promise<MaterialRecord[]>
  getAlias(accountId: string, region: string, aliasName: string): Promise<AliasRecord | undefined>
  /** Aliases ordered by name, optionally only those pointing at one key. */
  listAliases(accountId: string, region: string, filter: { targetKeyId?: string; afterName?: string; limit: number }): Promise<AliasRecord[]>
  /** Keys pending deletion whose deletion date is at or before `at`. */
  keysDueForDeletion(at: number, limit: number): Promise<KeyRecord[]>
  /** Keys with automatic rotation enabled whose next rotation is at or before `at`. */
  keysDueForRotation(at: number, limit: number): Promise<KeyRecord[]>
  getSetting(name: string): Promise<Buffer | undefined>
  /** Imported material still held (sealed not null) whose validTo is at or before `at`, earliest first. */
  materialsDueToExpire(at: number, limit: number): Promise<MaterialRecord[]>
  getImportParameters(tokenId: string): Promise<ImportParametersRecord | undefined>
  getGrant(keyId: string, grantId: string): Promise<GrantRecord | undefined>
  /** A key's grants ordered by grant id, optionally only those of one grantee or one name, starting after `afterGrantId`. */
  listGrants(keyId: string, filter: GrantFilter): Promise<GrantRecord[]>
  /** Grants of one account's keys in one Region that name `retiringPrincipal`, ordered by key id then grant id. */
  listRetirableGrants(accountId: string, region: string, retiringPrincipal: string, after: GrantPosition | undefined, limit: number): Promise<GrantRecord[]>
  countGrants(keyId: string): Promise<number>
  /** The newest audit record's seq and hash ({0, GENESIS_HASH} when there is none). */
  auditHead(): Promise<AuditHead>
  /** Audit records with seq > afterSeq in chain order. */
  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>
  /** Audit records matching a query, newest first. */
  findAudit(query: AuditQuery): Promise<AuditEntry[]>
  /** Every digest, oldest first. */
  listAuditDigests(): Promise<AuditDigest[]>
  /** One IAM entity (account, user, role, group, access key, inline policy, membership, session). */
  getIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined>
  /** An entity by kind and name in whichever account holds it (access keys and sessions are global ids). */
  findIamEntity(kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined>
  /** Entities of one kind in one account ordered by name, optionally only those of one owner. */
  listIamEntities(accountId: string, kind: IamEntityKind, owner?: string): Promise<IamEntityRecord[]>
}

export interface GrantFilter {
  granteePrincipal?: string
  name?: string
  afterGrantId?: string
  limit: number
}

export interface GrantPosition { keyId: string; grantId: string }

export interface StoreTx extends StoreReader {
  /** Inserts a key (expectedRevision null) or replaces it if its revision is still the expected one. */
  putKey(record: KeyRecord, expectedRevision: number | null): Promise<void>
  /** Removes a key with its material versions and aliases. */
  deleteKey(keyId: string): Promise<void>
  addMaterial(material: MaterialRecord): Promise<void>
  /** Replaces a material version's mutable fields (sealed, rotationType, rotatedAt, imported); keeps its position. */
  updateMaterial(material: MaterialRecord): Promise<void>
  putImportParameters(params: ImportParametersRecord): Promise<void>
  /** Removes one import parameter set; answers whether it existed (a token is used once, even by concurrent imports). */
  deleteImportParameters(tokenId: string): Promise<boolean>
  /** Removes every import parameter set that expired at or before `at`; returns how many. */
  deleteExpiredImportParameters(at: number): Promise<number>
  /** Inserts a grant; StorageConflictError if its id is taken. Its key must exist (deleting the key removes it). */
  addGrant(grant: GrantRecord): Promise<void>
  /** Removes one grant; answers whether it existed. */
  deleteGrant(keyId: string, grantId: string): Promise<boolean>
  putAlias(alias: AliasRecord): Promise<void>
  deleteAlias(accountId: string, region: string, aliasName: string): Promise<void>
  putSetting(name: string, value: Buffer): Promise<void>
  /** Inserts a setting that must not exist yet; StorageConflictError if it does (another node made it first). */
  addSetting(name: string, value: Buffer): Promise<void>
  /**
   * Reads an IAM entity and holds it until the transaction ends (SELECT ... FOR UPDATE on PostgreSQL;
   * SQLite transactions are serialized): a deletion and a write that depends on the entity (an access key
   * of a user) cannot interleave.
   */
  lockIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined>
  /** Inserts an IAM entity that must not exist yet; StorageConflictError if it does (a concurrent create won). */
  insertIamEntity(entity: IamEntityRecord): Promise<void>
  /** Inserts or replaces an IAM entity. */
  putIamEntity(entity: IamEntityRecord): Promise<void>
  deleteIamEntity(accountId: string, kind: IamEntityKind, name: string): Promise<void>
  /**
   * Removes every IAM entity whose purgeAt is at or before `at` (expired STS sessions); returns how many.
   * Announces nothing: such entities no longer authenticate anyone, so no cache can hold them as valid.
   */
  purgeIamEntities(at: number): Promise<number>
  /**
   * Appends records that continue the chain and moves the head to the last one. Adapters shared by
   * several nodes lock the head row (read by auditHead inside the transaction) so the chain stays linear.
   */
  appendAudit(entries: readonly AuditEntry[]): Promise<void>
  addAuditDigest(digest: AuditDigest): Promise<void>
}

/** Debug counters for the bench: committed transactions (each a disk flush) and audit records appended. */
export interface StorageCounters {
  commits: number
  auditRecords: number
}

export interface Storage {
  readonly counters: StorageCounters
  /** Reads committed state only. */
  readonly read: StoreReader
  /**
   * Runs `fn` in one transaction: all its writes commit together, durably, or none do. A key read with
   * `tx.getKey` stays locked against other writers until the transaction ends (serialized per key).
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>
  /**
   * Appends audit records in a transaction of their own, chained after the head as it is at that moment;
   * resolves once they are durable. Used for group commit: an adapter may run it off the event loop (the
   * SQLite adapter uses a worker thread) so the disk flush does not stall requests.
   */
  appendAuditRecords(entries: readonly UnchainedEntry[]): Promise<void>
  /**
   * True if appendAuditRecords may be called again before earlier calls settle because the adapter itself
   * puts the batches waiting for the disk into one transaction (the SQLite adapter's worker thread). If
   * false, AuditLog holds new records until the batch in flight has committed, then sends them together.
   */
  readonly groupsAuditAppends: boolean
  /**
   * The change feed: `listener` hears of every committed change to a key or alias, made by this process
   * or (on a shared database) by any other node, shortly after it commits; never of a rolled-back one.
   * Returns a function that unsubscribes. Delivery is best effort (a lost database connection can drop
   * notices), so readers keep a short cache lifetime as a backstop.
   */
  onChange(listener: (change: StoreChange) => void): () => void
  /**
   * Runs `fn` only if this process can take the named lease, which no other process sharing the store
   * holds at the same time; answers `{ ran: false }` at once when another holds it. A crashed holder's
   * lease is freed with its connection.
   */
  withLease<T>(name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>
  close(): Promise<void>
}

/** What the change feed announces: which record changed (readers re-read it; the notice carries no state). */
export type StoreChange =
  | { type: 'key'; keyId: string; deleted: boolean }
  | { type: 'alias'; accountId: string; region: string; aliasName: string }
  /** A key's grants changed (one added or removed); a key deletion removes them all and says so as a key change. */
  | { type: 'grants'; keyId: string }
  | { type: 'iam'; accountId: string; kind: IamEntityKind; name: string }

/** A write lost a race: the record changed since it was read (revision mismatch) or already exists. */
export class StorageConflictError extends Error {}

/** The store could not be reached or did not answer within its bound; the caller may try again later. */
export class StorageUnavailableError extends Error {}
