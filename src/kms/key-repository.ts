/**
 * Keys as the operations see them: records read through a short-lived cache, material unsealed on
 * first use and kept in memory only, and every change made in one storage transaction with a revision
 * check. The cache bound (TRENT_KEY_CACHE_MS) is how long another node's change can take to be seen;
 * changes made through this process invalidate its cache at once.
 */
import { randomBytes } from 'node:crypto'
import type { AuditScope } from '../audit/audit-scope.js'
import type { Clock } from '../clock.js'
import type { Keyring } from '../keyring/keyring.js'
import type { Storage, StoreTx } from '../storage/types.js'
import { MATERIAL_ID_BYTES } from './ciphertext.js'
import { keyNotFound } from './not-found.js'
import type { KeyRecord, MaterialRecord, RotationType } from './records.js'

const MAX_CACHED_MATERIALS = 10_000

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
  ) {}

  async get(keyId: string): Promise<KeyRecord | undefined> {
    const now = this.clock.now()
    const hit = this.keys.get(keyId)
    if (hit && now - hit.loadedAt < this.cacheMs) return hit.record
    const record = await this.store.read.getKey(keyId)
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
    if (!record) return undefined
    const plaintext = await this.keyring.unseal(record.sealed, materialAad(key.arn, materialId))
    if (this.materials.size >= MAX_CACHED_MATERIALS) this.materials.delete(this.materials.keys().next().value as string)
    this.materials.set(cacheKey, plaintext)
    return plaintext
  }

  /** Seals a material version for `key`; the caller adds it inside its transaction. */
  async sealMaterial(key: KeyRecord, plaintext: Buffer, rotationType?: RotationType): Promise<MaterialRecord> {
    const materialId = randomBytes(MATERIAL_ID_BYTES).toString('hex')
    const sealed = await this.keyring.seal(plaintext, materialAad(key.arn, materialId))
    return { keyId: key.keyId, materialId, sealed, createdAt: this.clock.now(), ...(rotationType ? { rotationType } : {}) }
  }

  /** Stores a new key with its first material, and `audit`'s record, in one transaction. */
  async create(audit: AuditScope, record: KeyRecord, material: MaterialRecord): Promise<void> {
    await audit.transact(this.store, async (tx) => {
      await tx.putKey(record, null)
      await tx.addMaterial(material)
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
    try {
      return await audit.transact(this.store, async (tx) => {
        const current = await tx.getKey(target.keyId)
        // Deleted since it was resolved (the deletion job won the race).
        if (!current) throw keyNotFound(target.arn)
        const { key, result } = await change(current, tx)
        const committed = key ? { ...key, revision: current.revision + 1 } : current
        if (key) await tx.putKey(committed, current.revision)
        return { result, key: committed, before: current }
      })
    } finally {
      this.invalidate(target.keyId)
    }
  }

  private invalidate(keyId: string): void {
    this.keys.delete(keyId)
  }

  invalidateAlias(accountId: string, region: string, aliasName: string): void {
    this.aliases.delete(`${accountId}/${region}/${aliasName}`)
  }

  /** Forgets everything cached about a deleted key, including its material. */
  forget(keyId: string): void {
    this.keys.delete(keyId)
    for (const k of this.materials.keys()) if (k.startsWith(`${keyId}/`)) this.materials.delete(k)
    this.aliases.clear()
  }
}

export function materialAad(keyArn: string, materialId: string): Buffer {
  return Buffer.from(`trent:key-material:v1\0${keyArn}\0${materialId}`, 'utf8')
}
