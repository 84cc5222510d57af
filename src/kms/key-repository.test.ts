import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ManualClock } from '../clock.js'
import { KeyFileKeyring } from '../keyring/key-file.js'
import { sampleKey } from '../storage/conformance.js'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { StorageConflictError } from '../storage/types.js'
import { AuditLog } from '../audit/audit-log.js'
import { ServiceEvent } from '../audit/service-event.js'
import { KeyRepository, UPDATE_ATTEMPTS } from './key-repository.js'

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'trent-repo-'))
  const store = new SqliteStorage(join(dir, 'trent.db'))
  const clock = new ManualClock(0)
  const keys = new KeyRepository(store, KeyFileKeyring.openOrCreate(join(dir, 'root.key'), () => undefined), clock, 60_000)
  const log = new AuditLog(store)
  // Each change needs the one record of its call; a service event stands in for a caller here.
  const scope = () => new ServiceEvent(log, clock, 'RotateKey')
  const key = sampleKey()
  await keys.create(scope(), key, await keys.sealMaterial(key, randomBytes(32)))
  return { store, keys, key, scope }
}

/** Inside `change`, another writer takes the key's next revision first: the adapter's real conflict. */
const raceOnce = async (tx: Parameters<Parameters<KeyRepository['update']>[2]>[1], key: ReturnType<typeof sampleKey>) =>
  tx.putKey({ ...key, description: 'interloper', revision: key.revision + 1 }, key.revision)

test('update retries a lost race on fresh state, and the change is applied once', async () => {
  const { store, keys, key, scope } = await setup()
  let attempts = 0
  const result = await keys.update(scope(), key, async (current, tx) => {
    if (++attempts === 1) await raceOnce(tx, current)
    return { key: { ...current, description: `${current.description}+tag` }, result: attempts }
  })
  assert.equal(result, 2)
  const stored = (await store.read.getKey(key.keyId))!
  assert.equal(stored.description, 'd+tag')
  assert.equal(stored.revision, 2)
  // The lost race rolled back its record with it: one record for the create, one for the update.
  assert.equal((await store.read.auditHead()).seq, 2)
  await store.close()
})

test(`update gives up after ${UPDATE_ATTEMPTS} lost races with StorageConflictError`, async () => {
  const { store, keys, key, scope } = await setup()
  let attempts = 0
  await assert.rejects(keys.update(scope(), key, async (current, tx) => {
    attempts++
    await raceOnce(tx, current)
    return { key: current, result: undefined }
  }), StorageConflictError)
  assert.equal(attempts, UPDATE_ATTEMPTS)
  assert.equal((await store.read.getKey(key.keyId))?.revision, 1)
  assert.equal((await store.read.auditHead()).seq, 1)
  await store.close()
})

test('a deletion announced by the store drops the key\'s plaintext material from memory', async () => {
  const { store, keys, key } = await setup()
  const [material] = await store.read.listMaterials(key.keyId)
  assert.equal((await keys.material(key, material!.materialId))?.length, 32)
  await store.transaction(async (tx) => tx.deleteKey(key.keyId))
  // Served from the cache it would still be there; the store no longer has it.
  assert.equal(await keys.material(key, material!.materialId), undefined)
  await store.close()
})

test('a change announced by the store drops the cached record at once', async () => {
  const { store, keys, key } = await setup()
  assert.equal((await keys.get(key.keyId))?.description, 'd')
  // Written straight to the store, as another node would: only the change feed tells the repository.
  await store.transaction(async (tx) => tx.putKey({ ...key, description: 'elsewhere', revision: 2 }, 1))
  assert.equal((await keys.get(key.keyId))?.description, 'elsewhere')
  await store.transaction(async (tx) => tx.deleteKey(key.keyId))
  assert.equal(await keys.get(key.keyId), undefined)
  await store.close()
})
