import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { memoByBuffer, privateKeyOf, publicKeyDer, publicKeyOf } from './key-cache.js'

test('memoByBuffer derives once per Buffer object, not per content', () => {
  let calls = 0
  const length = memoByBuffer((b) => { calls++; return b.length })
  const a = Buffer.from('abc')
  assert.equal(length(a), 3)
  assert.equal(length(a), 3)
  assert.equal(calls, 1)
  assert.equal(length(Buffer.from('abc')), 3)
  assert.equal(calls, 2)
})

test('keys are parsed once per material Buffer, and the public key DER is one stable Buffer', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  })
  assert.equal(privateKeyOf(privateKey), privateKeyOf(privateKey))
  assert.equal(publicKeyDer(privateKey), publicKeyDer(privateKey))
  assert.deepEqual(publicKeyDer(privateKey), publicKey)
  assert.equal(publicKeyOf(publicKey), publicKeyOf(publicKey))
  assert.equal(publicKeyOf(publicKey).asymmetricKeyType, 'ec')
})
