/**
 * A random 256-bit key made once for the whole store and kept sealed by the keyring in the settings
 * table (import fingerprints, grant token MACs). addSetting refuses a second one, so when several nodes
 * race to make it the loser reads the winner's key and every node derives the same values.
 */
import { randomBytes } from 'node:crypto'
import type { Keyring } from '../keyring/keyring.js'
import { StorageConflictError, type Storage } from '../storage/types.js'

export class SealedSettingKey {
  private loaded: Promise<Buffer> | undefined

  constructor(private readonly keyring: Keyring, private readonly store: Storage, private readonly name: string, private readonly aad: Buffer) {}

  get(): Promise<Buffer> {
    this.loaded ??= this.createOrRead()
    // A failed load (store busy) is retried by the next caller instead of being remembered.
    this.loaded.catch(() => { this.loaded = undefined })
    return this.loaded
  }

  private async createOrRead(): Promise<Buffer> {
    let sealed = await this.store.read.getSetting(this.name)
    if (!sealed) {
      const fresh = await this.keyring.seal(randomBytes(32), this.aad)
      try {
        await this.store.transaction(async (tx) => tx.addSetting(this.name, fresh))
        sealed = fresh
      } catch (err) {
        if (!(err instanceof StorageConflictError)) throw err
        sealed = await this.store.read.getSetting(this.name)
        if (!sealed) throw err
      }
    }
    return this.keyring.unseal(sealed, this.aad)
  }
}
