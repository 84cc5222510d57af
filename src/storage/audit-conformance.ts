/**
 * The audit part of the storage conformance suite (run by storageConformance for every adapter): records
 * commit and roll back with the state change they describe, the chain head moves with them, queries
 * filter and order as LookupEvents needs, digests round-trip, and concurrent writers keep the chain linear.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { AuditLog } from '../audit/audit-log.js'
import { extendChain, walkChain, type UnchainedEntry } from '../audit/chain.js'
import { GENESIS_HASH, type AuditDigest } from '../audit/entry.js'
import type { OpenPeers } from './conformance-concurrency.js'
import type { Storage } from './types.js'

export function auditConformance(
  name: string, withStore: (title: string, body: (store: Storage) => Promise<void>) => void, sampleKeyId: () => string, openPeers?: OpenPeers,
): void {
  withStore('audit records commit with their state change and roll back with it', async (store) => {
    const [kept, lost] = [entry({ eventName: 'CreateKey' }), entry({ eventName: 'CreateKey' })]
    await store.transaction(async (tx) => { await tx.putSetting('k1', Buffer.from('1')); await tx.appendAudit(extendChain(await tx.auditHead(), [kept])) })
    await assert.rejects(store.transaction(async (tx) => {
      await tx.putSetting('k2', Buffer.from('2'))
      await tx.appendAudit(extendChain(await tx.auditHead(), [lost]))
      throw new Error('abort')
    }), /abort/)
    assert.equal(await store.read.getSetting('k2'), undefined)
    const all = await store.read.listAudit(0, 10)
    assert.deepEqual(all.map((e) => e.eventId), [kept.eventId])
    assert.deepEqual(await store.read.auditHead(), { seq: 1, hash: all[0]!.hash })
  })

  withStore('an empty trail has the genesis head', async (store) => {
    assert.deepEqual(await store.read.auditHead(), { seq: 0, hash: GENESIS_HASH })
    assert.deepEqual(await store.read.listAudit(0, 10), [])
  })

  withStore('audit queries filter by one attribute, time, position, event names and success, newest first', async (store) => {
    const arn = `arn:aws:kms:us-east-1:${A}:key/${sampleKeyId()}`
    const entries = [
      entry({ eventName: 'CreateKey', eventTime: 1000, readOnly: false, resourceName: arn, resourceType: 'AWS::KMS::Key' }),
      entry({ eventName: 'Encrypt', eventTime: 2000, resourceName: arn, resourceType: 'AWS::KMS::Key' }),
      entry({ eventName: 'Encrypt', eventTime: 3000, resourceName: arn, resourceType: 'AWS::KMS::Key', errorCode: 'DisabledException' }),
      entry({ eventName: 'LookupEvents', eventTime: 4000, eventSource: 'cloudtrail.amazonaws.com', accessKeyId: 'AKIAOTHER', username: 'alice' }),
    ]
    await store.transaction(async (tx) => tx.appendAudit(extendChain(await tx.auditHead(), entries)))
    const names = async (q: Parameters<Storage['read']['findAudit']>[0]) => (await store.read.findAudit(q)).map((e) => e.seq)
    assert.deepEqual(await names({ accountId: A, limit: 10 }), [4, 3, 2, 1])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'ResourceName', value: arn }, limit: 10 }), [3, 2, 1])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'EventName', value: 'Encrypt' }, limit: 10 }), [3, 2])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'ReadOnly', value: 'false' }, limit: 10 }), [1])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'EventSource', value: 'cloudtrail.amazonaws.com' }, limit: 10 }), [4])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'AccessKeyId', value: 'AKIAOTHER' }, limit: 10 }), [4])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'Username', value: 'alice' }, limit: 10 }), [4])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'EventId', value: entries[1]!.eventId }, limit: 10 }), [2])
    assert.deepEqual(await names({ accountId: A, attribute: { name: 'ResourceType', value: 'AWS::KMS::Key' }, limit: 2 }), [3, 2])
    assert.deepEqual(await names({ accountId: A, startTime: 2000, endTime: 3000, limit: 10 }), [3, 2])
    assert.deepEqual(await names({ accountId: A, beforeSeq: 3, limit: 10 }), [2, 1])
    assert.deepEqual(await names({ accountId: A, eventNames: ['Encrypt', 'Decrypt'], succeededOnly: true, limit: 10 }), [2])
    const [first] = await store.read.listAudit(0, 1)
    assert.deepEqual({ ...first, seq: 0, prevHash: '', hash: '' }, { ...entries[0], seq: 0, prevHash: '', hash: '' })
  })

  withStore('audit queries see only the asked account: every filter, paging position and event-name query', async (store) => {
    const arnA = `arn:aws:kms:us-east-1:${A}:key/${sampleKeyId()}`
    const entries = [
      entry({ eventName: 'Encrypt', resourceName: arnA, resourceType: 'AWS::KMS::Key' }),
      entry({ eventName: 'Encrypt', accountId: B, username: 'bob' }),
      entry({ eventName: 'CreateKey', accountId: B, resourceName: arnA, resourceType: 'AWS::KMS::Key' }),
      entry({ eventName: 'Decrypt', accountId: null }),
    ]
    await store.transaction(async (tx) => tx.appendAudit(extendChain(await tx.auditHead(), entries)))
    const seqs = async (q: Parameters<Storage['read']['findAudit']>[0]) => (await store.read.findAudit(q)).map((e) => e.seq)
    assert.deepEqual(await seqs({ accountId: A, limit: 10 }), [1])
    assert.deepEqual(await seqs({ accountId: B, limit: 10 }), [3, 2])
    assert.deepEqual(await seqs({ accountId: '999999999999', limit: 10 }), [])
    // B's record naming A's key stays in B's trail; A's lookup by that ARN does not see it.
    assert.deepEqual(await seqs({ accountId: A, attribute: { name: 'ResourceName', value: arnA }, limit: 10 }), [1])
    assert.deepEqual(await seqs({ accountId: A, attribute: { name: 'Username', value: 'bob' }, limit: 10 }), [])
    assert.deepEqual(await seqs({ accountId: A, beforeSeq: 4, eventNames: ['Encrypt', 'CreateKey', 'Decrypt'], succeededOnly: true, limit: 10 }), [1])
    assert.deepEqual(await seqs({ accountId: B, beforeSeq: 3, limit: 10 }), [2])
    assert.equal((await store.read.listAudit(2, 1))[0]!.accountId, B)
  })

  withStore('digests round-trip in order', async (store) => {
    const d = (seq: number): AuditDigest => ({ seq, createdAt: seq * 10, headSeq: seq, headHash: 'h'.repeat(64), previousSignature: seq > 1 ? 'ab' : null, keyFingerprint: 'f', signature: 'cd' })
    await store.transaction(async (tx) => { await tx.addAuditDigest(d(1)); await tx.addAuditDigest(d(2)) })
    assert.deepEqual(await store.read.listAuditDigests(), [d(1), d(2)])
  })

  withStore('concurrent group commits and in-transaction appends keep one linear chain', async (store) => {
    const log = new AuditLog(store)
    const record = (eventName: string) => JSON.parse(JSON.stringify({ eventName, eventID: randomUUID(), eventTime: '2026-01-01T00:00:00Z', eventSource: 's', userIdentity: { type: 'Root' }, readOnly: true })) as never
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => log.append(record(`Read${i}`))),
      ...Array.from({ length: 10 }, (_, i) => store.transaction((tx) => log.appendInTx(tx, [record(`Write${i}`)]))),
    ])
    const all = await store.read.listAudit(0, 100)
    assert.equal(all.length, 60)
    assert.equal(walkChain({ seq: 0, hash: GENESIS_HASH }, all).fault, undefined)
    assert.ok(store.counters.commits < 60, `group commit batched ${store.counters.commits} transactions for 60 records`)
  })

  if (openPeers) {
    test(`${name}: three nodes appending at once on one database keep one linear chain, every record once`, async () => {
      const open = await openPeers()
      const stores = await Promise.all([open(), open(), open()])
      try {
        const record = (eventName: string) => JSON.parse(JSON.stringify({ eventName, eventID: randomUUID(), eventTime: '2026-01-01T00:00:00Z', eventSource: 's', userIdentity: { type: 'Root' }, readOnly: true })) as never
        await Promise.all(stores.flatMap((store, n) => {
          const log = new AuditLog(store)
          return [
            ...Array.from({ length: 40 }, (_, i) => log.append(record(`Read${n}-${i}`))),
            ...Array.from({ length: 10 }, (_, i) => store.transaction((tx) => log.appendInTx(tx, [record(`Write${n}-${i}`)]))),
          ]
        }))
        const all = await stores[0]!.read.listAudit(0, 1000)
        assert.equal(all.length, 150)
        assert.equal(new Set(all.map((e) => e.eventName)).size, 150)
        assert.equal(walkChain({ seq: 0, hash: GENESIS_HASH }, all).fault, undefined)
        assert.deepEqual(await stores[2]!.read.auditHead(), { seq: 150, hash: all.at(-1)!.hash })
      } finally {
        await Promise.all(stores.map((s) => s.close()))
      }
    })
  }
}

const A = '000000000000'
const B = '111111111111'

function entry(over: Partial<UnchainedEntry>): UnchainedEntry {
  const eventId = randomUUID()
  return {
    eventId, eventTime: 1000, eventName: 'Encrypt', eventSource: 'kms.amazonaws.com', username: 'root', accessKeyId: 'AKIAROOT',
    resourceName: null, resourceType: null, readOnly: true, accountId: A, errorCode: null, requestId: randomUUID(), record: JSON.stringify({ eventID: eventId }),
    ...over,
  }
}
