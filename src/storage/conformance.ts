/**
 * The storage conformance suite: every adapter of the storage port must pass these tests. An adapter's
 * test file calls `storageConformance(name, open, openPeers?)` with a factory that returns a fresh, empty store
 * (and, for a store several nodes share, one that opens several stores on one fresh database).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import type { AliasRecord, ImportParametersRecord, KeyRecord, MaterialRecord } from '../kms/records.js'
import { concurrencyConformance, type OpenPeers } from './conformance-concurrency.js'
import { grantConformance } from './conformance-grants.js'
import { auditConformance } from './audit-conformance.js'
import { StorageConflictError, type Storage } from './types.js'

export function storageConformance(name: string, open: () => Promise<Storage>, openPeers?: OpenPeers): void {
  concurrencyConformance(name, open, openPeers)
  grantConformance(name, open, sampleKey, openPeers)

  const withStore = (title: string, body: (store: Storage) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const store = await open()
      try { await body(store) } finally { await store.close() }
    })

  withStore('IAM entities: put, get, find across accounts, list by owner, replace, delete, change feed', async (store) => {
    const heard: unknown[] = []
    const off = store.onChange((c) => { if (c.type === 'iam') heard.push(c) })
    const key = { accountId: '111122223333', kind: 'access-key' as const, name: 'AKIAEXAMPLE0000001', owner: 'alice', record: '{"status":"Active"}', sealed: randomBytes(40), purgeAt: null }
    const other = { ...key, name: 'AKIAEXAMPLE0000002', owner: 'bob', sealed: null }
    await store.transaction(async (tx) => { await tx.putIamEntity(key); await tx.putIamEntity(other) })
    assert.deepEqual(await store.read.getIamEntity(key.accountId, 'access-key', key.name), key)
    assert.deepEqual(await store.read.findIamEntity('access-key', key.name), key)
    assert.equal(await store.read.getIamEntity('999988887777', 'access-key', key.name), undefined)
    assert.deepEqual((await store.read.listIamEntities(key.accountId, 'access-key')).map((e) => e.name), [key.name, other.name])
    assert.deepEqual((await store.read.listIamEntities(key.accountId, 'access-key', 'bob')).map((e) => e.name), [other.name])
    await assert.rejects(store.transaction(async (tx) => tx.insertIamEntity({ ...key, record: '{}' })), StorageConflictError)
    assert.deepEqual(await store.transaction(async (tx) => tx.lockIamEntity(key.accountId, 'access-key', key.name)), key)
    assert.equal(await store.transaction(async (tx) => tx.lockIamEntity('999988887777', 'access-key', key.name)), undefined)
    await store.transaction(async (tx) => tx.putIamEntity({ ...key, record: '{"status":"Inactive"}' }))
    assert.equal((await store.read.getIamEntity(key.accountId, 'access-key', key.name))?.record, '{"status":"Inactive"}')
    await store.transaction(async (tx) => tx.deleteIamEntity(key.accountId, 'access-key', key.name))
    assert.equal(await store.read.findIamEntity('access-key', key.name), undefined)
    await new Promise((resolve) => setTimeout(resolve, 300))
    off()
    assert.ok(heard.length >= 3)
    assert.deepEqual(heard.at(-1), { type: 'iam', accountId: key.accountId, kind: 'access-key', name: key.name })
    const session = { ...key, kind: 'session' as const, name: 'ASIAEXAMPLE0000001', purgeAt: 2_000 }
    await store.transaction(async (tx) => tx.putIamEntity(session))
    assert.deepEqual(await store.read.findIamEntity('session', session.name), session)
    assert.equal(await store.transaction(async (tx) => tx.purgeIamEntities(1_999)), 0)
    assert.equal(await store.transaction(async (tx) => tx.purgeIamEntities(2_000)), 1)
    assert.equal(await store.read.findIamEntity('session', session.name), undefined)
    assert.equal((await store.read.getIamEntity(other.accountId, 'access-key', other.name))?.name, other.name)
  })

  withStore('a key and its material commit together and read back equal', async (store) => {
    const key = sampleKey()
    const material = sampleMaterial(key.keyId)
    await store.transaction(async (tx) => { await tx.putKey(key, null); await tx.addMaterial(material) })
    assert.deepEqual(await store.read.getKey(key.keyId), key)
    assert.deepEqual(await store.read.listMaterials(key.keyId), [material])
  })

  withStore('a failed transaction leaves nothing behind', async (store) => {
    const key = sampleKey()
    await assert.rejects(store.transaction(async (tx) => {
      await tx.putKey(key, null)
      await tx.addMaterial(sampleMaterial(key.keyId))
      throw new Error('abort')
    }), /abort/)
    assert.equal(await store.read.getKey(key.keyId), undefined)
    assert.deepEqual(await store.read.listMaterials(key.keyId), [])
  })

  withStore('uncommitted writes are invisible to committed reads', async (store) => {
    const key = sampleKey()
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    const pending = store.transaction(async (tx) => { await tx.putKey(key, null); await gate })
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(await store.read.getKey(key.keyId), undefined)
    release()
    await pending
    assert.equal((await store.read.getKey(key.keyId))?.keyId, key.keyId)
  })

  withStore('a stale revision or a duplicate insert is a conflict, never a lost update', async (store) => {
    const key = sampleKey()
    await store.transaction(async (tx) => tx.putKey(key, null))
    await assert.rejects(store.transaction(async (tx) => tx.putKey(key, null)), StorageConflictError)
    await store.transaction(async (tx) => tx.putKey({ ...key, description: 'first', revision: 2 }, 1))
    await assert.rejects(store.transaction(async (tx) => tx.putKey({ ...key, description: 'second', revision: 2 }, 1)), StorageConflictError)
    assert.equal((await store.read.getKey(key.keyId))?.description, 'first')
  })

  withStore('concurrent read-modify-write transactions serialize without losing updates', async (store) => {
    const key = sampleKey()
    await store.transaction(async (tx) => tx.putKey(key, null))
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.transaction(async (tx) => {
      const current = (await tx.getKey(key.keyId))!
      await new Promise((resolve) => setImmediate(resolve))
      await tx.putKey({ ...current, tags: [...current.tags, { TagKey: `t${i}`, TagValue: '' }], revision: current.revision + 1 }, current.revision)
    })))
    const final = (await store.read.getKey(key.keyId))!
    assert.equal(final.tags.length, 20)
    assert.equal(final.revision, 21)
  })

  withStore('every material version survives, oldest first', async (store) => {
    const key = sampleKey()
    const versions = [sampleMaterial(key.keyId), sampleMaterial(key.keyId, 'ON_DEMAND'), sampleMaterial(key.keyId, 'AUTOMATIC')]
    await store.transaction(async (tx) => tx.putKey(key, null))
    for (const m of versions) await store.transaction(async (tx) => tx.addMaterial(m))
    assert.deepEqual(await store.read.listMaterials(key.keyId), versions)
  })

  withStore('keys list by account and Region in key id order, after a position', async (store) => {
    const keys = Array.from({ length: 5 }, () => sampleKey()).sort((a, b) => (a.keyId < b.keyId ? -1 : 1))
    const other = { ...sampleKey(), accountId: '111122223333' }
    await store.transaction(async (tx) => { for (const k of [...keys, other]) await tx.putKey(k, null) })
    assert.deepEqual((await store.read.listKeys('000000000000', 'us-east-1', undefined, 3)).map((k) => k.keyId), keys.slice(0, 3).map((k) => k.keyId))
    assert.deepEqual((await store.read.listKeys('000000000000', 'us-east-1', keys[2]!.keyId, 10)).map((k) => k.keyId), keys.slice(3).map((k) => k.keyId))
  })

  withStore('aliases: upsert, filter by target, page by name; deleting a key removes its aliases and material', async (store) => {
    const [a, b] = [sampleKey(), sampleKey()]
    const alias = (name: string, target: string): AliasRecord => ({ accountId: '000000000000', region: 'us-east-1', aliasName: name, targetKeyId: target, createdAt: 1, updatedAt: 1 })
    await store.transaction(async (tx) => {
      await tx.putKey(a, null); await tx.putKey(b, null); await tx.addMaterial(sampleMaterial(a.keyId))
      await tx.putAlias(alias('alias/one', a.keyId)); await tx.putAlias(alias('alias/two', a.keyId)); await tx.putAlias(alias('alias/three', b.keyId))
    })
    await store.transaction(async (tx) => tx.putAlias({ ...alias('alias/two', b.keyId), updatedAt: 2 }))
    assert.equal((await store.read.getAlias('000000000000', 'us-east-1', 'alias/two'))?.targetKeyId, b.keyId)
    assert.equal((await store.read.getAlias('000000000000', 'us-east-1', 'alias/two'))?.createdAt, 1)
    assert.deepEqual((await store.read.listAliases('000000000000', 'us-east-1', { limit: 10 })).map((x) => x.aliasName), ['alias/one', 'alias/three', 'alias/two'])
    assert.deepEqual((await store.read.listAliases('000000000000', 'us-east-1', { targetKeyId: b.keyId, limit: 10 })).map((x) => x.aliasName), ['alias/three', 'alias/two'])
    assert.deepEqual((await store.read.listAliases('000000000000', 'us-east-1', { afterName: 'alias/one', limit: 1 })).map((x) => x.aliasName), ['alias/three'])
    await store.transaction(async (tx) => tx.deleteKey(a.keyId))
    assert.equal(await store.read.getAlias('000000000000', 'us-east-1', 'alias/one'), undefined)
    assert.deepEqual(await store.read.listMaterials(a.keyId), [])
    await store.transaction(async (tx) => tx.deleteAlias('000000000000', 'us-east-1', 'alias/two'))
    assert.deepEqual((await store.read.listAliases('000000000000', 'us-east-1', { limit: 10 })).map((x) => x.aliasName), ['alias/three'])
  })

  withStore('due work: pending deletions and enabled rotations at or before a time', async (store) => {
    const deleting = { ...sampleKey(), keyState: 'PendingDeletion' as const, deletionDate: 1000 }
    const later = { ...sampleKey(), keyState: 'PendingDeletion' as const, deletionDate: 5000 }
    const rotating = { ...sampleKey(), rotation: { enabled: true, periodInDays: 90, nextRotationAt: 2000, onDemandCount: 0 } }
    const disabled = { ...rotating, keyId: randomUUID(), keyState: 'Disabled' as const }
    await store.transaction(async (tx) => { for (const k of [deleting, later, rotating, disabled]) await tx.putKey(k, null) })
    assert.deepEqual((await store.read.keysDueForDeletion(1000, 10)).map((k) => k.keyId), [deleting.keyId])
    assert.deepEqual((await store.read.keysDueForRotation(1999, 10)).map((k) => k.keyId), [])
    assert.deepEqual((await store.read.keysDueForRotation(2000, 10)).map((k) => k.keyId), [rotating.keyId])
  })

  withStore('imported material: updated in place, deleted material keeps its row, held expiring material is due', async (store) => {
    const key = { ...sampleKey(), origin: 'EXTERNAL' as const }
    const first: MaterialRecord = { ...sampleMaterial(key.keyId), imported: { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: 3000, description: 'd1' } }
    const second: MaterialRecord = { ...sampleMaterial(key.keyId), imported: { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: 2000, pendingRotation: true } }
    const forever: MaterialRecord = { ...sampleMaterial(key.keyId), imported: { expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } }
    await store.transaction(async (tx) => { await tx.putKey(key, null); for (const m of [first, second, forever]) await tx.addMaterial(m) })
    assert.deepEqual(await store.read.listMaterials(key.keyId), [first, second, forever])
    assert.deepEqual((await store.read.materialsDueToExpire(2999, 10)).map((m) => m.materialId), [second.materialId])
    assert.deepEqual((await store.read.materialsDueToExpire(3000, 10)).map((m) => m.materialId), [second.materialId, first.materialId])
    const rotated: MaterialRecord = { ...second, rotationType: 'ON_DEMAND', rotatedAt: 2500, imported: { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: 2000 } }
    const deleted: MaterialRecord = { ...first, sealed: null }
    await store.transaction(async (tx) => { await tx.updateMaterial(rotated); await tx.updateMaterial(deleted) })
    assert.deepEqual(await store.read.listMaterials(key.keyId), [deleted, rotated, forever])
    assert.deepEqual((await store.read.materialsDueToExpire(5000, 10)).map((m) => m.materialId), [second.materialId])
    await assert.rejects(store.transaction(async (tx) => tx.updateMaterial({ ...first, materialId: 'f'.repeat(64) })), StorageConflictError)
  })

  withStore('import parameters: read back equal, deleted on use, on expiry and with their key', async (store) => {
    const key = sampleKey()
    const params = (expiresAt: number): ImportParametersRecord => ({
      tokenId: randomBytes(16).toString('hex'), keyId: key.keyId, wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', wrappingKeySpec: 'RSA_3072',
      sealedPrivateKey: randomBytes(100), expiresAt,
    })
    const [a, b, c] = [params(1000), params(2000), params(3000)]
    await store.transaction(async (tx) => { await tx.putKey(key, null); for (const p of [a, b, c]) await tx.putImportParameters(p) })
    assert.deepEqual(await store.read.getImportParameters(a.tokenId), a)
    assert.equal(await store.transaction(async (tx) => tx.deleteImportParameters(a.tokenId)), true)
    assert.equal(await store.read.getImportParameters(a.tokenId), undefined)
    assert.equal(await store.transaction(async (tx) => tx.deleteImportParameters(a.tokenId)), false)
    assert.equal(await store.transaction(async (tx) => tx.deleteExpiredImportParameters(2000)), 1)
    assert.equal(await store.read.getImportParameters(b.tokenId), undefined)
    assert.deepEqual(await store.read.getImportParameters(c.tokenId), c)
    await store.transaction(async (tx) => tx.deleteKey(key.keyId))
    assert.equal(await store.read.getImportParameters(c.tokenId), undefined)
  })

  withStore('settings hold opaque bytes and can be replaced', async (store) => {
    const [v1, v2] = [randomBytes(40), randomBytes(40)]
    await store.transaction(async (tx) => tx.putSetting('s', v1))
    await store.transaction(async (tx) => tx.putSetting('s', v2))
    assert.deepEqual(await store.read.getSetting('s'), v2)
    assert.equal(await store.read.getSetting('missing'), undefined)
    await store.transaction(async (tx) => tx.addSetting('once', v1))
    await assert.rejects(store.transaction(async (tx) => tx.addSetting('once', v2)), StorageConflictError)
    assert.deepEqual(await store.read.getSetting('once'), v1)
  })

  auditConformance(name, withStore, randomUUID, openPeers)
}

export function sampleKey(): KeyRecord {
  const keyId = randomUUID()
  return {
    keyId, accountId: '000000000000', region: 'us-east-1', arn: `arn:aws:kms:us-east-1:000000000000:key/${keyId}`,
    createdAt: 1_700_000_000_000, description: 'd', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS',
    keyState: 'Enabled', policy: '{}', tags: [], rotation: { enabled: false, onDemandCount: 0 }, currentMaterialId: 'm', revision: 1,
  }
}

export function sampleMaterial(keyId: string, rotationType?: MaterialRecord['rotationType']): MaterialRecord {
  return { keyId, materialId: randomBytes(32).toString('hex'), sealed: randomBytes(61), createdAt: 1_700_000_000_000, ...(rotationType ? { rotationType } : {}) }
}
