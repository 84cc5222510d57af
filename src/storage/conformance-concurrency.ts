/**
 * Storage conformance, part two: atomicity across every kind of write, revision conflicts between
 * concurrent writers, material versions across rotations, the change feed, and (for adapters that
 * several nodes share) the same properties between two stores opened on one database.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { AliasRecord } from '../kms/records.js'
import { sampleKey, sampleMaterial } from './conformance.js'
import { StorageConflictError, type Storage, type StoreChange } from './types.js'

/** Opens the stores of several "nodes" sharing one fresh database. */
export type OpenPeers = () => Promise<() => Promise<Storage>>

const alias = (name: string, target: string): AliasRecord =>
  ({ accountId: '000000000000', region: 'us-east-1', aliasName: name, targetKeyId: target, createdAt: 1, updatedAt: 1 })

export function concurrencyConformance(name: string, open: () => Promise<Storage>, openPeers?: OpenPeers): void {
  const withStore = (title: string, body: (store: Storage) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const store = await open()
      try { await body(store) } finally { await store.close() }
    })

  withStore('a transaction that throws after writes of every kind leaves none of them', async (store) => {
    const [kept, key] = [sampleKey(), sampleKey()]
    await store.transaction(async (tx) => { await tx.putKey(kept, null); await tx.putSetting('s', Buffer.from('before')) })
    await assert.rejects(store.transaction(async (tx) => {
      await tx.putKey(key, null)
      await tx.addMaterial(sampleMaterial(key.keyId))
      await tx.putAlias(alias('alias/x', key.keyId))
      await tx.putKey({ ...kept, description: 'changed', revision: 2 }, 1)
      await tx.putSetting('s', Buffer.from('after'))
      throw new Error('abort mid-way')
    }), /abort mid-way/)
    assert.equal(await store.read.getKey(key.keyId), undefined)
    assert.deepEqual(await store.read.listMaterials(key.keyId), [])
    assert.equal(await store.read.getAlias('000000000000', 'us-east-1', 'alias/x'), undefined)
    assert.equal((await store.read.getKey(kept.keyId))?.description, 'd')
    assert.deepEqual(await store.read.getSetting('s'), Buffer.from('before'))
  })

  withStore('two writers from the same revision: exactly one wins, the other conflicts', async (store) => {
    const key = sampleKey()
    await store.transaction(async (tx) => tx.putKey(key, null))
    const seen = (await store.read.getKey(key.keyId))!
    const outcomes = await Promise.allSettled(['A', 'B'].map((d) =>
      store.transaction(async (tx) => tx.putKey({ ...seen, description: d, revision: seen.revision + 1 }, seen.revision))))
    const won = outcomes.filter((o) => o.status === 'fulfilled')
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    assert.equal(won.length, 1)
    assert.equal(lost.length, 1)
    assert.ok(lost[0]!.reason instanceof StorageConflictError)
    const final = (await store.read.getKey(key.keyId))!
    assert.equal(final.revision, 2)
    assert.equal(final.description, outcomes[0]!.status === 'fulfilled' ? 'A' : 'B')
  })

  withStore('every material version survives rotations, and the current one moves', async (store) => {
    let key = sampleKey()
    const versions = [sampleMaterial(key.keyId)]
    await store.transaction(async (tx) => { await tx.putKey({ ...key, currentMaterialId: versions[0]!.materialId }, null); await tx.addMaterial(versions[0]!) })
    for (let i = 0; i < 5; i++) {
      const next = sampleMaterial(key.keyId, i % 2 ? 'ON_DEMAND' : 'AUTOMATIC')
      await store.transaction(async (tx) => {
        const current = (await tx.getKey(key.keyId))!
        await tx.addMaterial(next)
        key = { ...current, currentMaterialId: next.materialId, revision: current.revision + 1 }
        await tx.putKey(key, current.revision)
      })
      versions.push(next)
    }
    assert.deepEqual(await store.read.listMaterials(key.keyId), versions)
    assert.equal((await store.read.getKey(key.keyId))?.currentMaterialId, versions[5]!.materialId)
  })

  withStore('the change feed announces committed changes, never rolled-back ones', async (store) => {
    const heard: StoreChange[] = []
    const stop = store.onChange((c) => heard.push(c))
    const [key, lost] = [sampleKey(), sampleKey()]
    await store.transaction(async (tx) => { await tx.putKey(key, null); await tx.putAlias(alias('alias/feed', key.keyId)) })
    await assert.rejects(store.transaction(async (tx) => { await tx.putKey(lost, null); throw new Error('no') }))
    await store.transaction(async (tx) => tx.deleteKey(key.keyId))
    stop()
    await store.transaction(async (tx) => tx.putKey(sampleKey(), null))
    assert.deepEqual(heard, [
      { type: 'key', keyId: key.keyId, deleted: false },
      { type: 'alias', accountId: '000000000000', region: 'us-east-1', aliasName: 'alias/feed' },
      { type: 'key', keyId: key.keyId, deleted: true },
    ])
  })

  if (!openPeers) return

  const withPeers = (title: string, body: (a: Storage, b: Storage) => Promise<void>) =>
    test(`${name}: two nodes: ${title}`, async () => {
      const node = await openPeers()
      const [a, b] = await Promise.all([node(), node()])
      try { await body(a, b) } finally { await Promise.all([a.close(), b.close()]) }
    })

  withPeers('a change committed on one is announced on the other within a second', async (a, b) => {
    const key = sampleKey()
    const heard = new Promise<StoreChange>((resolve) => { const stop = b.onChange((c) => { stop(); resolve(c) }) })
    const started = Date.now()
    await a.transaction(async (tx) => tx.putKey(key, null))
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no notice within 1 s')), 1000).unref())
    assert.deepEqual(await Promise.race([heard, timeout]), { type: 'key', keyId: key.keyId, deleted: false })
    assert.ok(Date.now() - started < 1000)
  })

  withPeers('read-modify-writes of one key from both serialize with no update lost', async (a, b) => {
    const key = sampleKey()
    await a.transaction(async (tx) => tx.putKey(key, null))
    await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).transaction(async (tx) => {
      const current = (await tx.getKey(key.keyId))!
      await new Promise((resolve) => setTimeout(resolve, 1))
      await tx.putKey({ ...current, tags: [...current.tags, { TagKey: `t${i}`, TagValue: '' }], revision: current.revision + 1 }, current.revision)
    })))
    const final = (await b.read.getKey(key.keyId))!
    assert.equal(final.revision, 17)
    assert.deepEqual(final.tags.map((t) => t.TagKey).sort(), Array.from({ length: 16 }, (_, i) => `t${i}`).sort())
  })

  withPeers('a lease held by one is refused to the other, and free again once released', async (a, b) => {
    let release!: () => void
    const holding = a.withLease('job', () => new Promise<string>((resolve) => { release = () => resolve('a ran') }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.deepEqual(await b.withLease('job', async () => 'b ran'), { ran: false })
    assert.deepEqual(await b.withLease('other', async () => 'b ran'), { ran: true, value: 'b ran' })
    release()
    assert.deepEqual(await holding, { ran: true, value: 'a ran' })
    assert.deepEqual(await b.withLease('job', async () => 'b ran'), { ran: true, value: 'b ran' })
  })

  withPeers('settings written by one are read by the other', async (a, b) => {
    const value = randomBytes(32)
    await a.transaction(async (tx) => tx.putSetting('shared', value))
    assert.deepEqual(await b.read.getSetting('shared'), value)
  })
}
