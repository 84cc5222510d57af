import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import { ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1 } from './ecc.js'

const CURVES = [
  [ECC_NIST_P256, 'prime256v1', 'sha256'], [ECC_NIST_P384, 'secp384r1', 'sha384'],
  [ECC_NIST_P521, 'secp521r1', 'sha512'], [ECC_SECG_P256K1, 'secp256k1', 'sha256'],
] as const
const message = Buffer.from('elliptic')

test('material is PKCS#8 on the named curve; the public key is its SubjectPublicKeyInfo', async () => {
  for (const [entry, curve] of CURVES) {
    const material = await entry.generateMaterial()
    assert.equal(createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.namedCurve, curve)
    assert.equal(createPublicKey({ key: entry.publicKey!(material), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve, curve)
  }
})

test('ECDSA: RAW and DIGEST of the same message are the same scheme, with the digest length of the hash', async () => {
  for (const [entry, , hash] of CURVES) {
    const signing = entry.signing!
    const [algorithm] = signing.algorithms
    const material = await entry.generateMaterial()
    const publicKey = entry.publicKey!(material)
    const digest = createHash(hash).update(message).digest()
    assert.equal(signing.digestBytes(algorithm!), digest.length)
    assert.ok(signing.verify(publicKey, algorithm!, message, 'RAW', signing.sign(material, algorithm!, digest, 'DIGEST')))
    assert.ok(signing.verify(publicKey, algorithm!, digest, 'DIGEST', signing.sign(material, algorithm!, message, 'RAW')))
  }
})

test('ECDH: both sides derive the same raw secret; secp256k1 has no key agreement', async () => {
  for (const [entry, curve] of CURVES) {
    if (curve === 'secp256k1') {
      assert.equal(entry.agreement, undefined)
      continue
    }
    const a = await entry.generateMaterial()
    const b = await entry.generateMaterial()
    const secret = entry.agreement!.derive(a, entry.publicKey!(b))
    assert.equal(secret.length, { prime256v1: 32, secp384r1: 48, secp521r1: 66 }[curve])
    assert.deepEqual(entry.agreement!.derive(b, entry.publicKey!(a)), secret)
  }
})

test('ECDH with a peer key on another curve, or not a key, is a ValidationException', async () => {
  const material = await ECC_NIST_P256.generateMaterial()
  for (const peer of [ECC_NIST_P384.publicKey!(await ECC_NIST_P384.generateMaterial()), ECC_SECG_P256K1.publicKey!(await ECC_SECG_P256K1.generateMaterial()), Buffer.from('junk')]) {
    assert.throws(() => ECC_NIST_P256.agreement!.derive(material, peer), {
      name: 'ValidationException',
      message: 'PublicKey must be a DER-encoded X.509 public key on the curve of key spec ECC_NIST_P256.',
    })
  }
})
