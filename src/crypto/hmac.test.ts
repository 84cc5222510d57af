import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { hmac, type HmacHash } from './hmac.js'
import { withOpenssl } from './openssl-cli.test-support.js'

test('RFC 4231 test case 2 (HMAC-SHA-256)', () => {
  assert.equal(hmac('sha256', Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')).toString('hex'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
})

test('every hash equals openssl dgst -mac HMAC -macopt hexkey', () => {
  const sizes: Record<HmacHash, number> = { sha224: 28, sha256: 32, sha384: 48, sha512: 64 }
  withOpenssl((o) => {
    const message = randomBytes(1000)
    o.write({ 'msg.bin': message })
    for (const [hash, bytes] of Object.entries(sizes) as Array<[HmacHash, number]>) {
      const key = randomBytes(bytes)
      const r = o.run('dgst', `-${hash}`, '-mac', 'HMAC', '-macopt', `hexkey:${key.toString('hex')}`, '-binary', 'msg.bin')
      assert.ok(r.ok, r.err)
      const tag = hmac(hash, key, message)
      assert.equal(tag.length, bytes)
      assert.deepEqual(tag, r.out, hash)
    }
  })
})
