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
import { keySpecEntry } from '../kms/key-specs.js'
import { newKeyRecord, storeNewKey } from '../kms/new-key.js'
import Database from 'better-sqlite3'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { AuditLog } from '../audit/audit-log.js'
import { ServiceEvent } from '../audit/service-event.js'
import { expireImportedMaterial } from './import-expiry.js'
import { PrincipalDirectory } from '../auth/principal-directory.js'
import { rootPrincipal } from '../auth/principal.js'
import { KeyAuthzCache } from '../kms/authz/key-authz-cache.js'
import type { Keyring } from '../keyring/keyring.js'
import type { Storage } from '../storage/types.js'

/** The principal directory the authorization step asks (only the default account's root exists here). */
const directory = (store: Storage, keyring: Keyring, clock: ManualClock): PrincipalDirectory => new PrincipalDirectory({
  store, keyring, clock, cacheMs: 0,
  defaultRoot: { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'x'.repeat(40), principal: rootPrincipal('000000000000', 'AKIAEXAMPLE000000000') },
})

test('the import-expiry job deletes material at ValidTo (key back to PendingImport) and import parameters after 24 hours', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-expiry-'))
  const store = new SqliteStorage(join(dir, 'trent.db'))
  const keyring = KeyFileKeyring.openOrCreate(join(dir, 'root.key'), () => {})
  const clock = new ManualClock(1_800_000_000_000)
  const ctx: KmsContext = { keys: new KeyRepository(store, keyring, clock, 0), clock, region: 'us-east-1', crypto: cryptoOffload(0), imports: new ImportSecrets(keyring, store), grantTokens: new GrantTokens(keyring, store), audit: new AuditLog(store),
    identities: directory(store, keyring, clock), authz: new KeyAuthzCache(store) }
  // The test's own setup steps are recorded as service events, like the seed file's.
  const scope = () => new ServiceEvent(ctx.audit, clock, 'CreateKey')
  try {
    const entry = keySpecEntry('SYMMETRIC_DEFAULT')
    const make = () => storeNewKey(ctx, scope(), newKeyRecord(ctx, { keyId: randomUUID(), accountId: '000000000000', entry, keyUsage: 'ENCRYPT_DECRYPT', origin: 'EXTERNAL', description: '', tags: [] }), entry)
    const [soon, later] = [await make(), await make()]
    await placeImportedMaterial(ctx, scope(), soon, { material: randomBytes(32), expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: clock.now() + 1000 })
    await placeImportedMaterial(ctx, scope(), later, { material: randomBytes(32), expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: clock.now() + 5000 })
    await store.transaction(async (tx) => tx.putImportParameters({
      tokenId: 'a'.repeat(32), keyId: soon.keyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048', sealedPrivateKey: randomBytes(64), expiresAt: clock.now() + 86_400_000,
    }))
    assert.equal(await expireImportedMaterial(ctx), 0)
    clock.advance(1000)
    assert.equal(await expireImportedMaterial(ctx), 1)
    // The deletion committed with its DeleteExpiredKeyMaterial service event, naming the key.
    const [event] = await store.read.findAudit({ accountId: '000000000000', eventNames: ['DeleteExpiredKeyMaterial'], limit: 10 })
    assert.equal(event?.resourceName, soon.arn)
    const record = JSON.parse(event.record) as { eventType: string; userIdentity: { invokedBy: string } }
    assert.deepEqual([record.eventType, record.userIdentity.invokedBy], ['AwsServiceEvent', 'AWS Internal'])
    const [gone] = await store.read.listMaterials(soon.keyId)
    assert.equal(gone!.sealed, null)
    assert.equal((await store.read.getKey(soon.keyId))!.keyState, 'PendingImport')
    assert.equal((await store.read.getKey(later.keyId))!.keyState, 'Enabled')
    assert.notEqual(await store.read.getImportParameters('a'.repeat(32)), undefined)
    clock.advance(86_400_000)
    assert.equal(await expireImportedMaterial(ctx), 1)
    assert.equal(await store.read.getImportParameters('a'.repeat(32)), undefined)
    assert.equal(await expireImportedMaterial(ctx), 0)
    assert.equal((await store.read.findAudit({ accountId: '000000000000', eventNames: ['DeleteExpiredKeyMaterial'], limit: 10 })).length, 2)
  } finally {
    await ctx.crypto.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the import-expiry job reads past due materials it cannot expire: more than a batch of them does not hide the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-expiry-'))
  const store = new SqliteStorage(join(dir, 'trent.db'))
  const keyring = KeyFileKeyring.openOrCreate(join(dir, 'root.key'), () => {})
  const clock = new ManualClock(1_800_000_000_000)
  const ctx: KmsContext = { keys: new KeyRepository(store, keyring, clock, 0), clock, region: 'us-east-1', crypto: cryptoOffload(0), imports: new ImportSecrets(keyring, store), grantTokens: new GrantTokens(keyring, store), audit: new AuditLog(store),
    identities: directory(store, keyring, clock), authz: new KeyAuthzCache(store) }
  const scope = () => new ServiceEvent(ctx.audit, clock, 'CreateKey')
  try {
    const entry = keySpecEntry('SYMMETRIC_DEFAULT')
    const make = async (validTo: number) => {
      const key = await storeNewKey(ctx, scope(), newKeyRecord(ctx, { keyId: randomUUID(), accountId: '000000000000', entry, keyUsage: 'ENCRYPT_DECRYPT', origin: 'EXTERNAL', description: '', tags: [] }), entry)
      await placeImportedMaterial(ctx, scope(), key, { material: randomBytes(32), expirationModel: 'KEY_MATERIAL_EXPIRES', validTo })
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
    // Only the expiry that happened is recorded; the attempts that failed rolled back with their records.
    assert.equal((await store.read.findAudit({ accountId: '000000000000', eventNames: ['DeleteExpiredKeyMaterial'], limit: 200 })).length, 1)
  } finally {
    await ctx.crypto.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
