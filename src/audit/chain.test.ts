import { test } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalJson } from './canonical.js'
import { chainHash, extendChain, walkChain, type UnchainedEntry } from './chain.js'
import { GENESIS_HASH } from './entry.js'

const unchained = (n: number): UnchainedEntry => ({
  eventId: `e${n}`, eventTime: n, eventName: 'Encrypt', eventSource: 'kms.amazonaws.com', username: null, accessKeyId: null,
  resourceName: null, resourceType: null, readOnly: true, accountId: '000000000000', errorCode: null, requestId: null, record: canonicalJson({ n, b: [1, { z: 1, a: 2 }] }),
})
const genesis = { seq: 0, hash: GENESIS_HASH }

test('canonical JSON sorts keys at every depth, drops undefined and is stable through a parse', () => {
  const text = canonicalJson({ b: 1, a: { d: [3, { y: 1, x: undefined, w: null }], c: 'é' } })
  assert.equal(text, '{"a":{"c":"é","d":[3,{"w":null,"y":1}]},"b":1}')
  assert.equal(canonicalJson(JSON.parse(text)), text)
})

test('the chain hash covers the previous hash, the sequence number and the record', () => {
  const h = chainHash(GENESIS_HASH, 1, '{}')
  assert.match(h, /^[0-9a-f]{64}$/)
  assert.notEqual(chainHash(GENESIS_HASH, 2, '{}'), h)
  assert.notEqual(chainHash('1'.repeat(64), 1, '{}'), h)
  assert.notEqual(chainHash(GENESIS_HASH, 1, '{ }'), h)
})

test('an extended chain walks clean; each kind of tampering is reported at the record at fault', () => {
  const chain = extendChain(genesis, [1, 2, 3, 4].map(unchained))
  assert.deepEqual(chain.map((e) => e.seq), [1, 2, 3, 4])
  assert.deepEqual(walkChain(genesis, chain), { head: { seq: 4, hash: chain[3]!.hash } })
  // Continuing from the head gives the same result as extending in one go.
  assert.deepEqual(extendChain({ seq: 2, hash: chain[1]!.hash }, [3, 4].map(unchained)), chain.slice(2))

  const modified = chain.map((e, i) => (i === 1 ? { ...e, record: e.record.replace('2', '9') } : e))
  assert.deepEqual(walkChain(genesis, modified).fault, { seq: 2, eventId: 'e2', problem: 'hash does not match the record content (modified)' })
  assert.match(walkChain(genesis, [chain[0]!, chain[2]!, chain[3]!]).fault!.problem, /^gap: records 2\.\.2 are missing/)
  assert.match(walkChain(genesis, [chain[0]!, chain[2]!, chain[1]!]).fault!.problem, /^gap/)
  const renumbered = [chain[0]!, { ...chain[2]!, seq: 2 }, { ...chain[1]!, seq: 3 }]
  assert.match(walkChain(genesis, renumbered).fault!.problem, /^previous hash does not match/)
  assert.equal(walkChain(genesis, renumbered).fault!.eventId, 'e3')
})
