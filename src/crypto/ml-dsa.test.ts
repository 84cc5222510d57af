import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mlDsaMu, mlDsaPublicKeyDer, mlDsaRawPublicKey, mlDsaSign, mlDsaVerify, type MlDsaLevel } from './ml-dsa.js'
import { withOpenssl } from './openssl-cli.test-support.js'

const LEVELS: Array<[MlDsaLevel, number, number, string]> = [
  [44, 1312, 2420, '2.16.840.1.101.3.4.3.17'], [65, 1952, 3309, '2.16.840.1.101.3.4.3.18'], [87, 2592, 4627, '2.16.840.1.101.3.4.3.19'],
]
const message = Buffer.from('post-quantum hello')

test('ACVP ML-DSA-44 keyGen tcId 1: the seed gives the expected public key', () => {
  const seed = Buffer.from('4BE7A01A99A5E5BCFE3C06785D8E4EC664082227D86704E9E44862623A05C8B3', 'hex')
  const raw = mlDsaRawPublicKey(44, mlDsaPublicKeyDer(44, seed))
  assert.ok(raw)
  const hex = raw.toString('hex').toUpperCase()
  assert.equal(hex.length, 2624)
  assert.ok(hex.startsWith('ADB0B33464816091F2A95977C67F085FDC24B37854D4DB0A577AE9401E408148D8917D21AA496BB1'))
  assert.ok(hex.endsWith('53AEDC40CB69A4C952CD075A89D5032380E4A1C3'))
})

for (const [level, publicKeyBytes, signatureBytes, oid] of LEVELS) {
  test(`ML-DSA-${level}: the public key is an SPKI with the NIST OID that openssl parses`, () => {
    const seed = randomBytes(32)
    const spki = mlDsaPublicKeyDer(level, seed)
    assert.equal(spki.length, publicKeyBytes + 22)
    assert.equal(mlDsaPublicKeyDer(level, seed), spki, 'cached per seed Buffer')
    assert.deepEqual(mlDsaPublicKeyDer(level, Buffer.from(seed)), spki, 'deterministic from the seed')
    assert.notDeepEqual(mlDsaPublicKeyDer(level, randomBytes(32)), spki)
    withOpenssl((o) => {
      o.write({ 'pub.der': spki })
      const r = o.run('asn1parse', '-inform', 'DER', '-in', 'pub.der')
      assert.ok(r.ok, r.err)
      assert.match(r.out.toString(), new RegExp(`prim: OBJECT +:${oid.replace(/\./g, '\\.')}\\n`))
      assert.match(r.out.toString(), new RegExp(`17:d=1 +hl=4 l= *${publicKeyBytes + 1} prim: BIT STRING`))
    })
  })

  test(`ML-DSA-${level}: RAW and EXTERNAL_MU signatures are the same scheme and verify either way`, () => {
    const seed = randomBytes(32)
    const spki = mlDsaPublicKeyDer(level, seed)
    const mu = mlDsaMu(mlDsaRawPublicKey(level, spki)!, message)
    const raw = mlDsaSign(level, seed, message, false)
    const external = mlDsaSign(level, seed, mu, true)
    for (const signature of [raw, external]) {
      assert.equal(signature.length, signatureBytes)
      assert.ok(mlDsaVerify(level, spki, message, false, signature))
      assert.ok(mlDsaVerify(level, spki, mu, true, signature))
    }
    assert.notDeepEqual(mlDsaSign(level, seed, message, false), raw, 'hedged: fresh randomness per signature')
  })

  test(`ML-DSA-${level}: tampered, foreign and misdirected signatures fail`, () => {
    const seed = randomBytes(32)
    const spki = mlDsaPublicKeyDer(level, seed)
    const signature = mlDsaSign(level, seed, message, false)
    const tampered = Buffer.from(signature)
    tampered[100]! ^= 0x01
    assert.equal(mlDsaVerify(level, spki, message, false, tampered), false)
    assert.equal(mlDsaVerify(level, spki, message, false, signature.subarray(1)), false)
    assert.equal(mlDsaVerify(level, spki, Buffer.from('other'), false, signature), false)
    assert.equal(mlDsaVerify(level, mlDsaPublicKeyDer(level, randomBytes(32)), message, false, signature), false)
    assert.equal(mlDsaVerify(level, spki, message.subarray(0, 10), true, signature), false, 'mu must be 64 bytes')
    assert.equal(mlDsaVerify(level, spki, Buffer.alloc(64), true, signature), false)
    assert.throws(() => mlDsaSign(level, seed, Buffer.alloc(32), true), /64 bytes/)
    assert.throws(() => mlDsaSign(level, seed.subarray(1), message, false), /32 bytes/)
  })
}

test('a public key of another parameter set is refused', () => {
  const spki44 = mlDsaPublicKeyDer(44, randomBytes(32))
  assert.equal(mlDsaRawPublicKey(65, spki44), null)
  const signature = mlDsaSign(44, randomBytes(32), message, false)
  assert.equal(mlDsaVerify(65, spki44, message, false, signature), false)
})
