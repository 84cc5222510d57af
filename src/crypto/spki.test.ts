import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { decodeSpki, derOid, encodeSpki } from './spki.js'
import { withOpenssl } from './openssl-cli.test-support.js'

test('OIDs encode as DER', () => {
  assert.equal(derOid('1.2.840.113549.1.1.1').toString('hex'), '06092a864886f70d010101')
  assert.equal(derOid('2.16.840.1.101.3.4.3.17').toString('hex'), '0609608648016503040311')
  assert.equal(derOid('2.16.840.1.101.3.4.3.19').toString('hex'), '0609608648016503040313')
  assert.equal(derOid('1.3.101.112').toString('hex'), '06032b6570')
  assert.equal(derOid('2.999.3').toString('hex'), '0603883703')
})

test('an SPKI with an Ed25519 OID is the one node exports for the same key', async () => {
  const { generateKeyPairSync } = await import('node:crypto')
  const spki = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' })
  assert.deepEqual(encodeSpki(derOid('1.3.101.112'), spki.subarray(-32)), spki)
})

test('long-form lengths: openssl asn1parse reads the structure', () => {
  const oid = derOid('2.16.840.1.101.3.4.3.18')
  const key = randomBytes(1952)
  const spki = encodeSpki(oid, key)
  assert.equal(spki.subarray(0, 4).toString('hex'), '308207b2')
  assert.equal(spki.subarray(17, 22).toString('hex'), '038207a100')
  withOpenssl((o) => {
    o.write({ 'k.der': spki })
    const r = o.run('asn1parse', '-inform', 'DER', '-in', 'k.der')
    assert.ok(r.ok, r.err)
    const lines = r.out.toString().trim().split('\n').map((l) => l.replace(/\s+/g, ' ').trim())
    assert.deepEqual(lines, [
      '0:d=0 hl=4 l=1970 cons: SEQUENCE',
      '4:d=1 hl=2 l= 11 cons: SEQUENCE',
      '6:d=2 hl=2 l= 9 prim: OBJECT :2.16.840.1.101.3.4.3.18',
      '17:d=1 hl=4 l=1953 prim: BIT STRING',
    ])
  })
})

test('decoding returns the key only for the exact OID and length', () => {
  const oid = derOid('2.16.840.1.101.3.4.3.17')
  const key = randomBytes(1312)
  const spki = encodeSpki(oid, key)
  assert.deepEqual(decodeSpki(oid, spki, 1312), key)
  assert.equal(decodeSpki(derOid('2.16.840.1.101.3.4.3.18'), spki, 1312), null)
  assert.equal(decodeSpki(oid, spki, 1311), null)
  assert.equal(decodeSpki(oid, spki.subarray(0, -1), 1312), null)
  assert.equal(decodeSpki(oid, Buffer.concat([spki, Buffer.of(0)]), 1312), null)
  const unusedBits = Buffer.from(spki)
  unusedBits[21] = 1
  assert.equal(decodeSpki(oid, unusedBits, 1312), null)
})
