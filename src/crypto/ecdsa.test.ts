import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { p256, p384, p521 } from '@noble/curves/nist.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { ecdsaSign, ecdsaVerify, type EcCurve, type EcdsaHash } from './ecdsa.js'
import { withOpenssl } from './openssl-cli.test-support.js'

const CURVES: Array<[EcCurve, EcdsaHash, typeof p256]> = [
  ['P-256', 'sha256', p256], ['P-384', 'sha384', p384], ['P-521', 'sha512', p521], ['secp256k1', 'sha256', secp256k1],
]
const message = Buffer.from('sign me, on every curve')

function ecKey(curve: EcCurve) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: curve, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  })
  return { pkcs8: privateKey, spki: publicKey }
}

/** The same signature with s replaced by n - s (the other valid S for the same r). */
function flipS(noble: typeof p256, der: Buffer): Buffer {
  const sig = noble.Signature.fromBytes(der, 'der')
  return Buffer.from(new noble.Signature(sig.r, noble.Point.Fn.ORDER - sig.s).toBytes('der'))
}

for (const [curve, hash, noble] of CURVES) {
  test(`${curve}: RAW and DIGEST DER signatures verify here and with openssl dgst / pkeyutl`, () => {
    const key = ecKey(curve)
    const digest = createHash(hash).update(message).digest()
    withOpenssl((o) => {
      o.write({ 'pub.der': key.spki, 'msg.bin': message, 'digest.bin': digest })
      for (const prehashed of [false, true]) {
        const signature = ecdsaSign(key.pkcs8, curve, hash, prehashed ? digest : message, prehashed)
        assert.equal(signature[0], 0x30, 'DER SEQUENCE')
        assert.ok(ecdsaVerify(key.spki, curve, hash, message, false, signature))
        assert.ok(ecdsaVerify(key.spki, curve, hash, digest, true, signature))
        for (const sig of [signature, flipS(noble, signature)]) {
          o.write({ 'sig.bin': sig })
          const dgst = o.run('dgst', `-${hash}`, '-keyform', 'DER', '-verify', 'pub.der', '-signature', 'sig.bin', 'msg.bin')
          assert.ok(dgst.ok, `openssl dgst ${dgst.err}`)
          const pkeyutl = o.run('pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', '-in', 'digest.bin', '-sigfile', 'sig.bin')
          assert.ok(pkeyutl.ok, `openssl pkeyutl ${pkeyutl.err}`)
        }
      }
    })
  })

  test(`${curve}: openssl's signatures over the digest verify, high-S too; bad ones do not`, () => {
    const key = ecKey(curve)
    const other = ecKey(curve)
    const digest = createHash(hash).update(message).digest()
    const signature = withOpenssl((o) => {
      o.write({ 'key.der': key.pkcs8, 'digest.bin': digest })
      const r = o.run('pkeyutl', '-sign', '-keyform', 'DER', '-inkey', 'key.der', '-in', 'digest.bin', '-out', 'sig.bin')
      assert.ok(r.ok, r.err)
      return o.read('sig.bin')
    })
    for (const sig of [signature, flipS(noble, signature)]) {
      assert.ok(ecdsaVerify(key.spki, curve, hash, message, false, sig))
      assert.ok(ecdsaVerify(key.spki, curve, hash, digest, true, sig))
    }
    const tampered = Buffer.from(signature)
    tampered[tampered.length - 1]! ^= 0x01
    for (const prehashed of [false, true]) {
      const input = prehashed ? digest : message
      assert.equal(ecdsaVerify(key.spki, curve, hash, input, prehashed, tampered), false)
      assert.equal(ecdsaVerify(key.spki, curve, hash, input, prehashed, signature.subarray(0, 20)), false)
      assert.equal(ecdsaVerify(key.spki, curve, hash, input, prehashed, Buffer.alloc(0)), false)
      assert.equal(ecdsaVerify(other.spki, curve, hash, input, prehashed, signature), false)
    }
    assert.equal(ecdsaVerify(key.spki, curve, hash, Buffer.from('another message'), false, signature), false)
    assert.equal(ecdsaVerify(key.spki, curve, hash, createHash(hash).update('x').digest(), true, signature), false)
  })
}

test('signatures are randomized (hedged), not deterministic', () => {
  const key = ecKey('P-256')
  const digest = createHash('sha256').update(message).digest()
  assert.notDeepEqual(ecdsaSign(key.pkcs8, 'P-256', 'sha256', digest, true), ecdsaSign(key.pkcs8, 'P-256', 'sha256', digest, true))
})
