import { test } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalEncryptionContext } from './encryption-context.js'

test('empty and absent contexts are the same canonical bytes', () => {
  assert.deepEqual(canonicalEncryptionContext(undefined), canonicalEncryptionContext({}))
  assert.equal(canonicalEncryptionContext({}).toString('hex'), '0000')
})

test('the order of pairs does not matter; pairs are sorted by UTF-8 bytes of the key', () => {
  const a = canonicalEncryptionContext({ b: '2', a: '1', 'é': '3', Z: '0' })
  const b = canonicalEncryptionContext({ 'é': '3', Z: '0', a: '1', b: '2' })
  assert.deepEqual(a, b)
  // count=4, then Z (0x5a) < a < b < é (0xc3 0xa9)
  assert.equal(a.toString('hex'), '0004' + '00015a000130' + '000161000131' + '000162000132' + '0002c3a9000133')
})

test('keys and values are exact and case-sensitive', () => {
  const base = canonicalEncryptionContext({ Purpose: 'Test' })
  assert.notDeepEqual(canonicalEncryptionContext({ purpose: 'Test' }), base)
  assert.notDeepEqual(canonicalEncryptionContext({ Purpose: 'test' }), base)
  assert.notDeepEqual(canonicalEncryptionContext({ Purpose: 'Test ' }), base)
})

test('length prefixes keep pair boundaries unambiguous', () => {
  assert.notDeepEqual(canonicalEncryptionContext({ ab: 'c' }), canonicalEncryptionContext({ a: 'bc' }))
  assert.notDeepEqual(canonicalEncryptionContext({ a: '', b: '' }), canonicalEncryptionContext({ a: 'b' }))
})

test('a key or value over 65535 UTF-8 bytes is rejected', () => {
  assert.throws(() => canonicalEncryptionContext({ k: 'x'.repeat(65536) }), { name: 'ValidationException' })
  assert.equal(canonicalEncryptionContext({ k: 'x'.repeat(65535) }).length, 2 + 2 + 1 + 2 + 65535)
})
