/**
 * Storage conformance for grants: part of storageConformance, so both adapters prove it. Grants belong to
 * a key (deleting it removes them), list in grant id order with optional filters, and every add or
 * removal is announced on the change feed (and, with peers, to the other node).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { GrantRecord, KeyRecord } from '../kms/records.js'
import type { OpenPeers } from './conformance-concurrency.js'
import { StorageConflictError, type Storage, type StoreChange } from './types.js'

export function grantConformance(name: string, open: () => Promise<Storage>, sampleKey: () => KeyRecord, openPeers?: OpenPeers): void {
  const withStore = (title: string, body: (store: Storage) => Promise<void>) =>
    test(`${name}: grants: ${title}`, async () => {
      const store = await open()
      try { await body(store) } finally { await store.close() }
    })

  const withKey = async (store: Storage): Promise<KeyRecord> => {
    const key = sampleKey()
    await store.transaction(async (tx) => tx.putKey(key, null))
    return key
  }

  withStore('a grant reads back equal, by id and in its key\'s list; a duplicate id is a conflict', async (store) => {
    const key = await withKey(store)
    const grant = sampleGrant(key, { name: 'n1', retiringPrincipal: 'arn:aws:iam::000000000000:role/r', constraints: { encryptionContextSubset: { a: 'b' } } })
    await store.transaction(async (tx) => tx.addGrant(grant))
    assert.deepEqual(await store.read.getGrant(key.keyId, grant.grantId), grant)
    assert.deepEqual(await store.read.listGrants(key.keyId, { limit: 10 }), [grant])
    assert.equal(await store.read.countGrants(key.keyId), 1)
    await assert.rejects(store.transaction(async (tx) => tx.addGrant(grant)), StorageConflictError)
    assert.equal(await store.read.getGrant(sampleKey().keyId, grant.grantId), undefined)
  })

  withStore('grants list by grant id, page after a position, and filter by grantee and name', async (store) => {
    const key = await withKey(store)
    const grants = Array.from({ length: 5 }, (_, i) => sampleGrant(key, { granteePrincipal: `arn:aws:iam::000000000000:user/u${i % 2}`, name: `n${i % 3}` }))
    await store.transaction(async (tx) => { for (const g of grants) await tx.addGrant(g) })
    const ids = grants.map((g) => g.grantId).sort()
    assert.deepEqual((await store.read.listGrants(key.keyId, { limit: 3 })).map((g) => g.grantId), ids.slice(0, 3))
    assert.deepEqual((await store.read.listGrants(key.keyId, { afterGrantId: ids[2]!, limit: 3 })).map((g) => g.grantId), ids.slice(3))
    const u1 = grants.filter((g) => g.granteePrincipal.endsWith('u1')).map((g) => g.grantId).sort()
    assert.deepEqual((await store.read.listGrants(key.keyId, { granteePrincipal: 'arn:aws:iam::000000000000:user/u1', limit: 10 })).map((g) => g.grantId), u1)
    const n0 = grants.filter((g) => g.name === 'n0').map((g) => g.grantId).sort()
    assert.deepEqual((await store.read.listGrants(key.keyId, { name: 'n0', limit: 10 })).map((g) => g.grantId), n0)
  })

  withStore('retirable grants list one account\'s grants naming the retiring principal, across keys, in order', async (store) => {
    const [k1, k2] = [await withKey(store), await withKey(store)]
    const retiring = 'arn:aws:iam::000000000000:role/retirer'
    const mine = [sampleGrant(k1, { retiringPrincipal: retiring }), sampleGrant(k2, { retiringPrincipal: retiring }), sampleGrant(k2, { retiringPrincipal: retiring })]
    await store.transaction(async (tx) => {
      for (const g of mine) await tx.addGrant(g)
      await tx.addGrant(sampleGrant(k1, { retiringPrincipal: 'arn:aws:iam::000000000000:role/other' }))
      await tx.addGrant(sampleGrant(k1))
    })
    const order = mine.map((g) => `${g.keyId}/${g.grantId}`).sort()
    const first = await store.read.listRetirableGrants('000000000000', 'us-east-1', retiring, undefined, 2)
    assert.deepEqual(first.map((g) => `${g.keyId}/${g.grantId}`), order.slice(0, 2))
    const rest = await store.read.listRetirableGrants('000000000000', 'us-east-1', retiring, { keyId: first[1]!.keyId, grantId: first[1]!.grantId }, 2)
    assert.deepEqual(rest.map((g) => `${g.keyId}/${g.grantId}`), order.slice(2))
    assert.deepEqual(await store.read.listRetirableGrants('111111111111', 'us-east-1', retiring, undefined, 10), [])
  })

  withStore('deleting a grant answers whether it existed; deleting the key removes its grants', async (store) => {
    const key = await withKey(store)
    const [a, b] = [sampleGrant(key), sampleGrant(key)]
    await store.transaction(async (tx) => { await tx.addGrant(a); await tx.addGrant(b) })
    assert.equal(await store.transaction(async (tx) => tx.deleteGrant(key.keyId, a.grantId)), true)
    assert.equal(await store.transaction(async (tx) => tx.deleteGrant(key.keyId, a.grantId)), false)
    await store.transaction(async (tx) => tx.deleteKey(key.keyId))
    assert.equal(await store.read.getGrant(key.keyId, b.grantId), undefined)
    assert.equal(await store.read.countGrants(key.keyId), 0)
    await assert.rejects(store.transaction(async (tx) => tx.addGrant(sampleGrant(key))))
  })

  withStore('grant changes go on the change feed once committed, never when rolled back', async (store) => {
    const key = await withKey(store)
    const heard: StoreChange[] = []
    const stop = store.onChange((c) => heard.push(c))
    const g = sampleGrant(key)
    await store.transaction(async (tx) => tx.addGrant(g))
    await assert.rejects(store.transaction(async (tx) => { await tx.addGrant(sampleGrant(key)); throw new Error('no') }))
    await store.transaction(async (tx) => tx.deleteGrant(key.keyId, 'f'.repeat(64)))
    await store.transaction(async (tx) => tx.deleteGrant(key.keyId, g.grantId))
    stop()
    assert.deepEqual(heard, [{ type: 'grants', keyId: key.keyId }, { type: 'grants', keyId: key.keyId }])
  })

  if (!openPeers) return
  test(`${name}: grants: two nodes: a grant added on one is announced on the other`, async () => {
    const node = await openPeers()
    const [a, b] = await Promise.all([node(), node()])
    try {
      const key = sampleKey()
      await a.transaction(async (tx) => tx.putKey(key, null))
      const heard = new Promise<StoreChange>((resolve) => { const stop = b.onChange((c) => { if (c.type === 'grants') { stop(); resolve(c) } }) })
      const grant = sampleGrant(key)
      await a.transaction(async (tx) => tx.addGrant(grant))
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no notice within 1 s')), 1000).unref())
      assert.deepEqual(await Promise.race([heard, timeout]), { type: 'grants', keyId: key.keyId })
      assert.deepEqual(await b.read.getGrant(key.keyId, grant.grantId), grant)
    } finally { await Promise.all([a.close(), b.close()]) }
  })
}

export function sampleGrant(key: KeyRecord, over: Partial<GrantRecord> = {}): GrantRecord {
  return {
    grantId: randomBytes(32).toString('hex'), keyId: key.keyId, accountId: key.accountId, region: key.region,
    granteePrincipal: 'arn:aws:iam::000000000000:root', operations: ['Encrypt', 'Decrypt'], issuingAccount: key.accountId,
    createdAt: 1_700_000_000_000, ...over,
  }
}
