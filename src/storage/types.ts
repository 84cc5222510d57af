/**
 * The storage port. Narrow on purpose: every adapter (sqlite/, and postgres/ later) implements exactly
 * this, and storage/conformance.ts proves each one. Records are plain data; secrets arrive sealed.
 */
import type { AuditDigest, AuditEntry, AuditHead, AuditQuery, UnchainedEntry } from '../audit/entry.js'
import type { KeyRecord, MaterialRecord, AliasRecord } from '../kms/records.js'

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
  /** The newest audit record's seq and hash ({0, GENESIS_HASH} when there is none). */
  auditHead(): Promise<AuditHead>
  /** Audit records with seq > afterSeq in chain order. */
  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>
  /** Audit records matching a query, newest first. */
  findAudit(query: AuditQuery): Promise<AuditEntry[]>
  /** Every digest, oldest first. */
  listAuditDigests(): Promise<AuditDigest[]>
}

export interface StoreTx extends StoreReader {
  /** Inserts a key (expectedRevision null) or replaces it if its revision is still the expected one. */
  putKey(record: KeyRecord, expectedRevision: number | null): Promise<void>
  /** Removes a key with its material versions and aliases. */
  deleteKey(keyId: string): Promise<void>
  addMaterial(material: MaterialRecord): Promise<void>
  putAlias(alias: AliasRecord): Promise<void>
  deleteAlias(accountId: string, region: string, aliasName: string): Promise<void>
  putSetting(name: string, value: Buffer): Promise<void>
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
   * Appends audit records in a transaction of their own, chained after the head as it is at that moment;
   * resolves once they are durable. Used for group commit: an adapter may run it off the event loop (the
   * SQLite adapter uses a worker thread) so the disk flush does not stall requests.
   */
  appendAuditRecords(entries: readonly UnchainedEntry[]): Promise<void>
  /** Runs `fn` in one transaction: all its writes commit together, durably, or none do. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** A write lost a race: the record changed since it was read (revision mismatch) or already exists. */
export class StorageConflictError extends Error {}
