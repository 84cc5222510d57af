import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPrivateKey } from 'node:crypto'
import { ed25519phVerify, ed25519Verify } from '../../crypto/ed25519.js'
import { ECC_NIST_EDWARDS25519 } from './ed25519.js'

const entry = ECC_NIST_EDWARDS25519
const signing = entry.signing!
const material = await entry.generateMaterial()
const publicKey = entry.publicKey!(material)
const message = Buffer.from('Edwards')
const digest = createHash('sha512').update(message).digest()

test('material is PKCS#8 Ed25519; the spec signs only', async () => {
  assert.equal(createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }).asymmetricKeyType, 'ed25519')
  assert.deepEqual(entry.usages, ['SIGN_VERIFY'])
  assert.equal(entry.agreement, undefined)
})

test('ED25519_SHA_512 is PureEdDSA over a RAW message only', async () => {
  assert.deepEqual(signing.messageTypes('ED25519_SHA_512'), ['RAW'])
  assert.equal(signing.digestBytes('ED25519_SHA_512'), undefined)
  const signature = signing.sign(material, 'ED25519_SHA_512', message, 'RAW')
  assert.ok(ed25519Verify(publicKey, message, signature))
  assert.throws(() => signing.sign(material, 'ED25519_SHA_512', digest, 'DIGEST'), { name: 'ValidationException' })
})

test('ED25519_PH_SHA_512 takes a 64-byte DIGEST only and prehashes it again, as AWS documents', async () => {
  assert.deepEqual(signing.messageTypes('ED25519_PH_SHA_512'), ['DIGEST'])
  assert.equal(signing.digestBytes('ED25519_PH_SHA_512'), 64)
  const signature = signing.sign(material, 'ED25519_PH_SHA_512', digest, 'DIGEST')
  assert.ok(ed25519phVerify(publicKey, digest, signature), 'Ed25519ph of the 64 bytes given: SHA-512 applied twice in all')
  assert.equal(ed25519phVerify(publicKey, message, signature), false, 'not Ed25519ph of the original message')
  assert.ok(signing.verify(publicKey, 'ED25519_PH_SHA_512', digest, 'DIGEST', signature))
  assert.throws(() => signing.sign(material, 'ED25519_PH_SHA_512', message, 'RAW'), { name: 'ValidationException' })
  assert.throws(() => signing.sign(material, 'ED25519_PH_SHA_512', digest.subarray(0, 32), 'DIGEST'),
    { name: 'ValidationException', message: 'Digest is invalid length for algorithm ED25519_PH_SHA_512.' })
})
