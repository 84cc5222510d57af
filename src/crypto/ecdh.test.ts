import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { ecdhSharedSecret } from './ecdh.js'
import { withOpenssl } from './openssl-cli.test-support.js'

function keyPair(type: 'ec' | 'rsa' | 'ed25519' | 'x25519', namedCurve = 'P-256') {
  const { privateKey, publicKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve })
    : type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519')
  return { pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }), spki: publicKey.export({ type: 'spki', format: 'der' }) }
}

for (const [curve, bytes] of [['P-256', 32], ['P-384', 48], ['P-521', 66]] as const) {
  test(`${curve}: the secret is the raw x-coordinate, equal to openssl pkeyutl -derive, on both sides`, () => {
    const ours = keyPair('ec', curve)
    const peer = keyPair('ec', curve)
    const secret = ecdhSharedSecret(ours.pkcs8, peer.spki)
    assert.ok(secret)
    assert.equal(secret.length, bytes)
    assert.deepEqual(ecdhSharedSecret(peer.pkcs8, ours.spki), secret)
    withOpenssl((o) => {
      o.write({ 'key.der': ours.pkcs8, 'peer.der': peer.spki })
      const r = o.run('pkeyutl', '-derive', '-keyform', 'DER', '-inkey', 'key.der', '-peerform', 'DER', '-peerkey', 'peer.der', '-out', 'secret.bin')
      assert.ok(r.ok, r.err)
      assert.deepEqual(o.read('secret.bin'), secret)
    })
  })
}

test('a peer key on another curve, of another type, or not DER at all gives null', () => {
  const ours = keyPair('ec', 'P-256')
  for (const peer of [keyPair('ec', 'P-384'), keyPair('ec', 'secp256k1'), keyPair('rsa'), keyPair('ed25519'), keyPair('x25519')]) {
    assert.equal(ecdhSharedSecret(ours.pkcs8, peer.spki), null)
  }
  assert.equal(ecdhSharedSecret(ours.pkcs8, Buffer.from('not a key')), null)
  assert.equal(ecdhSharedSecret(ours.pkcs8, Buffer.alloc(0)), null)
  const offCurve = Buffer.from(keyPair('ec', 'P-256').spki)
  offCurve[offCurve.length - 1]! ^= 0x01 // y no longer matches x
  assert.equal(ecdhSharedSecret(ours.pkcs8, offCurve), null)
})
