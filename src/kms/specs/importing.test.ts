import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { keySpecEntry } from '../key-specs.js'

const pkcs8 = (type: 'rsa' | 'ec' | 'ed25519', options: object = {}): Buffer =>
  generateKeyPairSync(type as 'ec', { ...options, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } } as never).privateKey as unknown as Buffer

const parse = (spec: Parameters<typeof keySpecEntry>[0], material: Buffer) => keySpecEntry(spec).importing!.parse(material)

test('imported material must fit its spec: sizes, curves, key types; ML-DSA is not importable', () => {
  assert.ok('material' in parse('SYMMETRIC_DEFAULT', randomBytes(32)))
  assert.deepEqual(parse('SYMMETRIC_DEFAULT', randomBytes(33)), { problem: 'must be 32 bytes' })
  assert.ok('material' in parse('HMAC_224', randomBytes(28)))
  assert.ok('material' in parse('HMAC_512', randomBytes(128)))
  assert.deepEqual(parse('HMAC_256', randomBytes(31)), { problem: 'must be 32 to 64 bytes' })
  const p256 = pkcs8('ec', { namedCurve: 'P-256' })
  assert.deepEqual(parse('ECC_NIST_P256', p256), { material: p256 })
  assert.deepEqual(parse('ECC_NIST_P384', p256), { problem: 'must be a DER-encoded PKCS#8 P-384 EC private key' })
  assert.deepEqual(parse('ECC_SECG_P256K1', pkcs8('ed25519')), { problem: 'must be a DER-encoded PKCS#8 secp256k1 EC private key' })
  assert.ok('material' in parse('ECC_NIST_EDWARDS25519', pkcs8('ed25519')))
  const rsa = pkcs8('rsa', { modulusLength: 2048 })
  assert.ok('material' in parse('RSA_2048', rsa))
  assert.deepEqual(parse('RSA_3072', rsa), { problem: 'must be a DER-encoded PKCS#8 3072-bit RSA private key' })
  assert.deepEqual(parse('RSA_2048', randomBytes(1200)), { problem: 'must be a DER-encoded PKCS#8 2048-bit RSA private key' })
  assert.equal(keySpecEntry('ML_DSA_65').importing, undefined)
})
