import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPrivateKey, randomBytes } from 'node:crypto'
import type { EncryptionAlgorithmSpec } from '../../api/generated/kms-model.js'
import { RSA_2048, RSA_3072, RSA_4096 } from './rsa.js'

const keys = await Promise.all([RSA_2048, RSA_3072, RSA_4096].map(async (entry) => {
  const material = await entry.generateMaterial()
  return { entry, material, publicKey: entry.publicKey!(material) }
}))
const LIMITS: Record<string, [number, number]> = { RSA_2048: [214, 190], RSA_3072: [342, 318], RSA_4096: [470, 446] }
const OAEP: EncryptionAlgorithmSpec[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']

test('material is PKCS#8 RSA with the spec\'s modulus and exponent 65537; the public key is a stable Buffer', () => {
  for (const { entry, material, publicKey } of keys) {
    const details = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }).asymmetricKeyDetails
    assert.deepEqual(details, { modulusLength: Number(entry.spec.slice(4)), publicExponent: 65537n })
    assert.equal(entry.publicKey!(material), publicKey)
  }
})

test('plaintext limits are exact: the limit encrypts and decrypts, one more byte is refused in AWS words', () => {
  for (const { entry, material, publicKey } of keys) {
    const rsa = entry.encryption!.asymmetric!
    OAEP.forEach((algorithm, i) => {
      const limit = LIMITS[entry.spec]![i]!
      assert.equal(rsa.maxPlaintextBytes(algorithm), limit)
      const plaintext = randomBytes(limit)
      const ciphertext = rsa.encrypt(publicKey, algorithm, plaintext)
      assert.equal(ciphertext.length, Number(entry.spec.slice(4)) / 8)
      assert.deepEqual(rsa.decrypt(material, algorithm, ciphertext), plaintext)
      assert.throws(() => rsa.encrypt(publicKey, algorithm, randomBytes(limit + 1)), {
        name: 'ValidationException',
        message: `Algorithm ${algorithm} and key spec ${entry.spec} cannot encrypt data larger than ${limit} bytes.`,
      })
    })
  }
})

test('a ciphertext decrypts only under its own algorithm and key; failures are null', () => {
  const [{ entry, material, publicKey }, other] = keys as [typeof keys[0], typeof keys[0]]
  const rsa = entry.encryption!.asymmetric!
  const ciphertext = rsa.encrypt(publicKey, 'RSAES_OAEP_SHA_256', Buffer.from('secret'))
  assert.equal(rsa.decrypt(material, 'RSAES_OAEP_SHA_1', ciphertext), null)
  assert.equal(rsa.decrypt(other.material, 'RSAES_OAEP_SHA_256', ciphertext), null)
  assert.equal(rsa.decrypt(material, 'RSAES_OAEP_SHA_256', randomBytes(256)), null)
  assert.throws(() => rsa.encrypt(publicKey, 'SYMMETRIC_DEFAULT', Buffer.from('x')),
    { name: 'InvalidKeyUsageException', message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.' })
})

test('a DIGEST signature over H(m) is the RAW signature scheme over m, for PSS and PKCS #1 v1.5', () => {
  const { entry, material, publicKey } = keys[0]!
  const signing = entry.signing!
  const message = Buffer.from('to be signed')
  for (const algorithm of signing.algorithms) {
    const hash = `sha${algorithm.slice(-3)}`
    const digest = createHash(hash).update(message).digest()
    assert.equal(signing.digestBytes(algorithm), digest.length)
    assert.deepEqual(signing.messageTypes(algorithm), ['RAW', 'DIGEST'])
    assert.ok(signing.verify(publicKey, algorithm, message, 'RAW', signing.sign(material, algorithm, digest, 'DIGEST')), algorithm)
    assert.ok(signing.verify(publicKey, algorithm, digest, 'DIGEST', signing.sign(material, algorithm, message, 'RAW')), algorithm)
  }
})
