import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { ed25519phSign, ed25519phVerify, ed25519Sign, ed25519Verify } from './ed25519.js'
import { withOpenssl } from './openssl-cli.test-support.js'

function edKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  })
  return { pkcs8: privateKey, spki: publicKey }
}

/** RFC 8410 PKCS#8 of a 32-byte Ed25519 seed. */
const pkcs8OfSeed = (seed: Buffer) => Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed])
const spkiOf = (pkcs8: Buffer) => createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' })
const message = Buffer.from('pure EdDSA signs the whole message')

test('PureEdDSA signatures verify with openssl pkeyutl -rawin, and openssl\'s verify here', () => {
  const key = edKey()
  withOpenssl((o) => {
    const signature = ed25519Sign(key.pkcs8, message)
    assert.equal(signature.length, 64)
    o.write({ 'pub.der': key.spki, 'key.der': key.pkcs8, 'msg.bin': message, 'sig.bin': signature })
    const v = o.run('pkeyutl', '-verify', '-rawin', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', '-in', 'msg.bin', '-sigfile', 'sig.bin')
    assert.ok(v.ok, v.err)
    const s = o.run('pkeyutl', '-sign', '-rawin', '-keyform', 'DER', '-inkey', 'key.der', '-in', 'msg.bin', '-out', 'theirs.bin')
    assert.ok(s.ok, s.err)
    assert.deepEqual(o.read('theirs.bin'), signature, 'Ed25519 is deterministic')
    assert.ok(ed25519Verify(key.spki, message, o.read('theirs.bin')))
  })
})

test('RFC 8032 section 7.1 TEST 2 (Ed25519)', () => {
  const pkcs8 = pkcs8OfSeed(Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex'))
  const signature = ed25519Sign(pkcs8, Buffer.from('72', 'hex'))
  assert.equal(signature.toString('hex'),
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00')
})

test('RFC 8032 section 7.3 TEST abc (Ed25519ph)', () => {
  const pkcs8 = pkcs8OfSeed(Buffer.from('833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42', 'hex'))
  const spki = spkiOf(pkcs8)
  assert.equal(spki.subarray(-32).toString('hex'), 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf')
  const signature = ed25519phSign(pkcs8, Buffer.from('abc'))
  assert.equal(signature.toString('hex'),
    '98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406')
  assert.ok(ed25519phVerify(spki, Buffer.from('abc'), signature))
})

test('Ed25519 and Ed25519ph signatures are not interchangeable; bad signatures fail', () => {
  const key = edKey()
  const pure = ed25519Sign(key.pkcs8, message)
  const ph = ed25519phSign(key.pkcs8, message)
  assert.notDeepEqual(pure, ph)
  assert.equal(ed25519phVerify(key.spki, message, pure), false)
  assert.equal(ed25519Verify(key.spki, message, ph), false)
  for (const [verify, signature] of [[ed25519Verify, pure], [ed25519phVerify, ph]] as const) {
    assert.ok(verify(key.spki, message, signature))
    const tampered = Buffer.from(signature)
    tampered[5]! ^= 0x01
    assert.equal(verify(key.spki, message, tampered), false)
    assert.equal(verify(key.spki, message, signature.subarray(1)), false)
    assert.equal(verify(key.spki, Buffer.from('other'), signature), false)
    assert.equal(verify(edKey().spki, message, signature), false)
  }
})
