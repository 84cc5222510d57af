import { test } from 'node:test'
import assert from 'node:assert/strict'
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto'
import { generateWrappingKeyPair, unwrapImport } from './import-unwrap.js'

const KWP_IV = Buffer.from('A65959A6', 'hex')

function rsaAesWrap(spki: Buffer, hash: 'sha1' | 'sha256', material: Buffer): Buffer {
  const aes = randomBytes(32)
  const head = publicEncrypt({ key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, aes)
  const cipher = createCipheriv('id-aes256-wrap-pad', aes, KWP_IV)
  return Buffer.concat([head, cipher.update(material), cipher.final()])
}

test('unwrapImport: OAEP and RSA-AES key wrap with both hashes, and null for anything that does not unwrap', async () => {
  const pair = await generateWrappingKeyPair(2048)
  const material = randomBytes(32)
  for (const hash of ['sha1', 'sha256'] as const) {
    const oaep = publicEncrypt({ key: createPublicKey({ key: pair.publicKeyDer, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, material)
    assert.deepEqual(unwrapImport(pair.privateKeyDer, 256, { hash, aesKeyWrap: false }, oaep), material)
    assert.equal(unwrapImport(pair.privateKeyDer, 256, { hash: hash === 'sha1' ? 'sha256' : 'sha1', aesKeyWrap: false }, oaep), null)
    const big = randomBytes(1217) // an RSA_4096 PKCS#8 is about this long: more than one OAEP block holds
    const wrapped = rsaAesWrap(pair.publicKeyDer, hash, big)
    assert.deepEqual(unwrapImport(pair.privateKeyDer, 256, { hash, aesKeyWrap: true }, wrapped), big)
    const tampered = Buffer.from(wrapped)
    tampered[tampered.length - 1]! ^= 1
    assert.equal(unwrapImport(pair.privateKeyDer, 256, { hash, aesKeyWrap: true }, tampered), null)
    assert.equal(unwrapImport(pair.privateKeyDer, 256, { hash, aesKeyWrap: true }, wrapped.subarray(0, 256)), null)
  }
})
