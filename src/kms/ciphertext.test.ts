import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { decryptSymmetric, encryptSymmetric, parseCiphertext } from './ciphertext.js'

const keyId = randomUUID()
const materialId = randomBytes(32).toString('hex')
const material = randomBytes(32)
const context = { purpose: 'test', tenant: 'a' }
const plaintext = Buffer.from('attack at dawn')

const isInvalid = { name: 'InvalidCiphertextException', message: '' }

test('the blob names its key and material version and round-trips', () => {
  const blob = encryptSymmetric(keyId, materialId, material, plaintext, context)
  assert.equal(blob.length, 78 + plaintext.length + 16)
  assert.equal(blob[0], 1)
  assert.equal(blob[1], 1)
  const parsed = parseCiphertext(blob)
  assert.equal(parsed.keyId, keyId)
  assert.equal(parsed.materialId, materialId)
  assert.deepEqual(decryptSymmetric(parsed, material, { tenant: 'a', purpose: 'test' }), plaintext)
})

test('changing any single byte of the blob makes it undecryptable', () => {
  const blob = encryptSymmetric(keyId, materialId, material, plaintext, context)
  for (let i = 0; i < blob.length; i++) {
    const tampered = Buffer.from(blob)
    tampered[i]! ^= 0x01
    assert.throws(() => decryptSymmetric(parseCiphertext(tampered), material, context), isInvalid, `byte ${i}`)
  }
})

test('truncated, extended or foreign blobs are one uniform InvalidCiphertextException', () => {
  const blob = encryptSymmetric(keyId, materialId, material, plaintext, context)
  for (const bad of [blob.subarray(0, 93), blob.subarray(0, blob.length - 1), Buffer.concat([blob, Buffer.from([0])]), Buffer.alloc(0), randomBytes(200)]) {
    assert.throws(() => decryptSymmetric(parseCiphertext(bad), material, context), isInvalid)
  }
})

test('the encryption context must match exactly', () => {
  const blob = encryptSymmetric(keyId, materialId, material, plaintext, context)
  const wrongContexts: (Record<string, string> | undefined)[] = [undefined, {}, { purpose: 'test' }, { purpose: 'Test', tenant: 'a' }, { ...context, extra: '' }]
  for (const wrong of wrongContexts) {
    assert.throws(() => decryptSymmetric(parseCiphertext(blob), material, wrong), isInvalid)
  }
})

test('other material does not decrypt, and every encryption is fresh', () => {
  const a = encryptSymmetric(keyId, materialId, material, plaintext, undefined)
  const b = encryptSymmetric(keyId, materialId, material, plaintext, undefined)
  assert.notDeepEqual(a, b)
  assert.notDeepEqual(a.subarray(50, 78), b.subarray(50, 78))
  assert.throws(() => decryptSymmetric(parseCiphertext(a), randomBytes(32), undefined), isInvalid)
})
