/**
 * Keys as the operations see them: records read through a short-lived cache, material unsealed on
 * first use and kept in memory only, and every change made in one storage transaction with a revision
 * check. Changes made through this process invalidate its cache at once; other nodes' changes arrive
 * through the store's change feed (milliseconds on PostgreSQL), and the cache lifetime
 * (TRENT_KEY_CACHE_MS) bounds how long a missed notice can leave a stale record in use.
 */
import { randomBytes } from 'node:crypto'
import type { AuditScope } from '../audit/audit-scope.js'
import type { Clock } from '../clock.js'
import type { Keyring } from '../keyring/keyring.js'
import { StorageConflictError, type Storage, type StoreChange, type StoreTx } from '../storage/types.js'
import { MATERIAL_ID_BYTES } from './ciphertext.js'
import { keyNotFound } from './not-found.js'
import type { KeyRecord, MaterialRecord, RotationType } from './records.js'

const MAX_CACHED_MATERIALS = 10_000
/** Attempts of one update when other writers keep winning the race (each re-reads fresh state). */
export const UPDATE_ATTEMPTS = 5

interface CachedKey { record: KeyRecord | undefined; loadedAt: number }
interface CachedAlias { targetKeyId: string | undefined; loadedAt: number }

export class KeyRepository {
  private readonly keys = new Map<string, CachedKey>()
  private readonly aliases = new Map<string, CachedAlias>()
  private readonly materials = new Map<string, Buffer>()

  constructor(
    readonly store: Storage,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {
    store.onChange((change) => this.changed(change))
  }

  /** A change committed elsewhere (or here): drop what is cached about it; the next use re-reads. */
  private changed(change: StoreChange): void {
    if (change.type === 'iam') return
    if (change.type === 'alias') this.invalidateAlias(change.accountId, change.region, change.aliasName)
    else if (change.type === 'grants') return // grants are not cached here (a later grant cache listens for these)
    else if (change.deleted) this.forget(change.keyId)
    else {
      this.invalidate(change.keyId)
      // Imported material may have been deleted on another node: nothing unsealed outlives a change.
      this.forgetMaterials(change.keyId)
    }
  }

  async get(keyId: string): Promise<KeyRecord | undefined> {
    const now = this.clock.now()
    const hit = this.keys.get(keyId)
    if (hit && now - hit.loadedAt < this.cacheMs) return hit.record
    const record = await this.store.read.getKey(keyId)
    // Gone (deleted on another node, notice missed): its plaintext material must not outlive it here.
    if (!record && hit?.record) this.forget(keyId)
    this.keys.set(keyId, { record, loadedAt: now })
    return record
  }

  async aliasTarget(accountId: string, region: string, aliasName: string): Promise<string | undefined> {
    const now = this.clock.now()
    const cacheKey = `${accountId}/${region}/${aliasName}`
    const hit = this.aliases.get(cacheKey)
    if (hit && now - hit.loadedAt < this.cacheMs) return hit.targetKeyId
    const alias = await this.store.read.getAlias(accountId, region, aliasName)
    this.aliases.set(cacheKey, { targetKeyId: alias?.targetKeyId, loadedAt: now })
    return alias?.targetKeyId
  }

  /** The plaintext of one material version, or undefined if the key has no such version. */
  async material(key: KeyRecord, materialId: string): Promise<Buffer | undefined> {
    const cacheKey = `${key.keyId}/${materialId}`
    const hit = this.materials.get(cacheKey)
    if (hit) return hit
    const record = (await this.store.read.listMaterials(key.keyId)).find((m) => m.materialId === materialId)
    // Imported material that was deleted (or expired) is gone until the same material is imported again.
    if (!record?.sealed) return undefined
    const plaintext = await this.keyring.unseal(record.sealed, materialAad(key.arn, materialId))
    if (this.materials.size >= MAX_CACHED_MATERIALS) this.materials.delete(this.materials.keys().next().value as string)
    this.materials.set(cacheKey, plaintext)
    return plaintext
  }

  /**
   * Seals a material version for `key` (a random id unless given: imported material has a derived one);
   * the caller adds it inside its transaction.
   */
  async sealMaterial(key: KeyRecord, plaintext: Buffer, rotationType?: RotationType, materialId = randomBytes(MATERIAL_ID_BYTES).toString('hex')): Promise<MaterialRecord> {
    const sealed = await this.keyring.seal(plaintext, materialAad(key.arn, materialId))
    return { keyId: key.keyId, materialId, sealed, createdAt: this.clock.now(), ...(rotationType ? { rotationType } : {}) }
  }

  /** Stores a new key with its first material (none for a key awaiting imported material), and `audit`'s record, in one transaction. */
  async create(audit: AuditScope, record: KeyRecord, material: MaterialRecord | undefined): Promise<void> {
    await audit.transact(this.store, async (tx) => {
      await tx.putKey(record, null)
      if (material) await tx.addMaterial(material)
      return { result: undefined, key: record }
    })
    this.keys.delete(record.keyId)
  }

  /**
   * Read-modify-write of one key in a transaction. `change` sees the committed record and returns
   * the new one (or nothing to leave it unchanged); it may throw a domain error to abort. `audit`'s
   * record commits in the same transaction, its responseElements taken from the committed key.
   */
  async update<T>(audit: AuditScope, target: KeyRecord, change: (key: KeyRecord, tx: StoreTx) => Promise<{ key?: KeyRecord; result: T }>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A conflict rolls back the record with the change, so the retry appends the call's one record.
        return await audit.transact(this.store, async (tx) => {
          const current = await tx.getKey(target.keyId)
          // Deleted since it was resolved (the deletion job won the race).
          if (!current) throw keyNotFound(target.arn)
          const { key, result } = await change(current, tx)
          const committed = key ? { ...key, revision: current.revision + 1 } : current
          if (key) await tx.putKey(committed, current.revision)
          return { result, key: committed, before: current }
        })
      } catch (err) {
        // Another node won the race: run `change` again on fresh state, a bounded number of times.
        if (!(err instanceof StorageConflictError) || attempt >= UPDATE_ATTEMPTS) throw err
      } finally {
        this.invalidate(target.keyId)
      }
    }
  }

  private invalidate(keyId: string): void {
    this.keys.delete(keyId)
  }

  invalidateAlias(accountId: string, region: string, aliasName: string): void {
    this.aliases.delete(`${accountId}/${region}/${aliasName}`)
  }

  /** Drops one unsealed material from memory (imported material deleted or expired). */
  forgetMaterial(keyId: string, materialId: string): void {
    // Not zeroed: a request in flight may still hold it (worker tasks copy it when they are posted).
    this.materials.delete(`${keyId}/${materialId}`)
  }

  /** Forgets everything cached about a deleted key, including its material. */
  forget(keyId: string): void {
    this.keys.delete(keyId)
    this.forgetMaterials(keyId)
    this.aliases.clear()
  }

  private forgetMaterials(keyId: string): void {
    for (const k of this.materials.keys()) if (k.startsWith(`${keyId}/`)) this.materials.delete(k)
  }
}

export function materialAad(keyArn: string, materialId: string): Buffer {
  return Buffer.from(`trent:key-material:v1\0${keyArn}\0${materialId}`, 'utf8')
}
