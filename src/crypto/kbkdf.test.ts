import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { kbkdfHmacSha256 } from './kbkdf.js'

/** The same derivation by OpenSSL's own KBKDF (counter mode, HMAC-SHA256, 0x00 separator, L appended). */
function opensslKbkdf(key: Buffer, label: Buffer, context: Buffer, bytes: number): Buffer {
  const out = execFileSync('openssl', [
    'kdf', '-keylen', String(bytes), '-kdfopt', 'digest:SHA256', '-kdfopt', 'mac:HMAC',
    '-kdfopt', `hexkey:${key.toString('hex')}`, '-kdfopt', `hexsalt:${label.toString('hex')}`,
    '-kdfopt', `hexinfo:${context.toString('hex')}`, 'KBKDF',
  ], { encoding: 'utf8' })
  return Buffer.from(out.trim().replace(/:/g, ''), 'hex')
}

test('KBKDF agrees with OpenSSL for one block and for several blocks', () => {
  for (const bytes of [32, 16, 64, 80]) {
    const key = randomBytes(32)
    const label = Buffer.from('trent/v1/symmetric-encrypt')
    const context = randomBytes(66)
    assert.equal(kbkdfHmacSha256(key, label, context, bytes).toString('hex'), opensslKbkdf(key, label, context, bytes).toString('hex'))
  }
})

test('KBKDF known answer (computed by OpenSSL 3)', () => {
  const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex')
  assert.equal(
    kbkdfHmacSha256(key, Buffer.from('label'), Buffer.from('context'), 32).toString('hex'),
    '303790cfe363abe9682dbfff5941f23b32addc96da72f4c7e5b20e9f59a4e570',
  )
})

test('KBKDF output depends on every input', () => {
  const key = randomBytes(32)
  const base = kbkdfHmacSha256(key, Buffer.from('a'), Buffer.from('c'), 32)
  assert.notDeepEqual(kbkdfHmacSha256(key, Buffer.from('b'), Buffer.from('c'), 32), base)
  assert.notDeepEqual(kbkdfHmacSha256(key, Buffer.from('a'), Buffer.from('d'), 32), base)
  assert.notDeepEqual(kbkdfHmacSha256(randomBytes(32), Buffer.from('a'), Buffer.from('c'), 32), base)
})
