import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ManualClock } from '../clock.js'
import { KeyFileKeyring } from '../keyring/key-file.js'
import type { KmsContext } from '../kms/context.js'
import { cryptoOffload } from '../kms/crypto-offload.js'
import { ImportSecrets } from '../kms/import/import-secrets.js'
import { GrantTokens } from '../kms/grants/grant-tokens.js'
import { placeImportedMaterial } from '../kms/import/place-material.js'
import { KeyRepository } from '../kms/key-repository.js'
import { PrincipalDirectory } from '../auth/principal-directory.js'
import { rootPrincipal } from '../auth/principal.js'
import { KeyAuthzCache } from '../kms/authz/key-authz-cache.js'
import { keySpecEntry } from '../kms/key-specs.js'
import { newKeyRecord, storeNewKey } from '../kms/new-key.js'
import Database from 'better-sqlite3'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { expireImportedMaterial } from './import-expiry.js'

/** A KMS context on a fresh SQLite store in a temporary directory, with a manual clock. */
function openContext() {
  const dir = mkdtempSync(join(tmpdir(), 'trent-expiry-'))
  const store = new SqliteStorage(join(dir, 'trent.db'))
  const keyring = KeyFileKeyring.openOrCreate(join(dir, 'root.key'), () => {})
  const clock = new ManualClock(1_800_000_000_000)
  const root = { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'x'.repeat(40), principal: rootPrincipal('000000000000', 'AKIAEXAMPLE000000000') }
  const ctx: KmsContext = {
    keys: new KeyRepository(store, keyring, clock, 0), clock, region: 'us-east-1', crypto: cryptoOffload(0), imports: new ImportSecrets(keyring, store),
    grantTokens: new GrantTokens(keyring, store), identities: new PrincipalDirectory({ store, keyring, clock, cacheMs: 0, defaultRoot: root }), authz: new KeyAuthzCache(store),
  }
  return { dir, store, clock, ctx }
}

test('the import-expiry job deletes material at ValidTo (key back to PendingImport) and import parameters after 24 hours', async () => {
  const { dir, store, clock, ctx } = openContext()
  try {
    const entry = keySpecEntry('SYMMETRIC_DEFAULT')
    const make = () => storeNewKey(ctx, newKeyRecord(ctx, { keyId: randomUUID(), accountId: '000000000000', entry, keyUsage: 'ENCRYPT_DECRYPT', origin: 'EXTERNAL', description: '', tags: [] }), entry)
    const [soon, later] = [await make(), await make()]
    await placeImportedMaterial(ctx, soon, { material: randomBytes(32), expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: clock.now() + 1000 })
    await placeImportedMaterial(ctx, later, { material: randomBytes(32), expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: clock.now() + 5000 })
    await store.transaction(async (tx) => tx.putImportParameters({
      tokenId: 'a'.repeat(32), keyId: soon.keyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048', sealedPrivateKey: randomBytes(64), expiresAt: clock.now() + 86_400_000,
    }))
    assert.equal(await expireImportedMaterial(ctx), 0)
    clock.advance(1000)
    assert.equal(await expireImportedMaterial(ctx), 1)
    const [gone] = await store.read.listMaterials(soon.keyId)
    assert.equal(gone!.sealed, null)
    assert.equal((await store.read.getKey(soon.keyId))!.keyState, 'PendingImport')
    assert.equal((await store.read.getKey(later.keyId))!.keyState, 'Enabled')
    assert.notEqual(await store.read.getImportParameters('a'.repeat(32)), undefined)
    clock.advance(86_400_000)
    assert.equal(await expireImportedMaterial(ctx), 1)
    assert.equal(await store.read.getImportParameters('a'.repeat(32)), undefined)
    assert.equal(await expireImportedMaterial(ctx), 0)
  } finally {
    await ctx.crypto.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the import-expiry job reads past due materials it cannot expire: more than a batch of them does not hide the rest', async () => {
  const { dir, store, clock, ctx } = openContext()
  try {
    const entry = keySpecEntry('SYMMETRIC_DEFAULT')
    const make = async (validTo: number) => {
      const key = await storeNewKey(ctx, newKeyRecord(ctx, { keyId: randomUUID(), accountId: '000000000000', entry, keyUsage: 'ENCRYPT_DECRYPT', origin: 'EXTERNAL', description: '', tags: [] }), entry)
      await placeImportedMaterial(ctx, key, { material: randomBytes(32), expirationModel: 'KEY_MATERIAL_EXPIRES', validTo })
      return key
    }
    const stuck = []
    for (let i = 0; i < 101; i++) stuck.push(await make(clock.now() + 1000 + i))
    const last = await make(clock.now() + 2000)
    // Due rows whose material is already gone (the job's delete answers KMSInvalidStateException each time).
    const db = new Database(join(dir, 'trent.db'))
    const gone = db.prepare('UPDATE materials SET sealed = NULL WHERE key_id = ?')
    for (const k of stuck) gone.run(k.keyId)
    db.close()
    clock.advance(2000)
    assert.equal(await expireImportedMaterial(ctx), 1)
    assert.equal((await store.read.getKey(last.keyId))!.keyState, 'PendingImport')
  } finally {
    await ctx.crypto.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
