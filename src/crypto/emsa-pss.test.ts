import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { emsaPssEncode, emsaPssVerify, type PssHash } from './emsa-pss.js'

const cases: Array<[PssHash, number]> = [['sha256', 2047], ['sha384', 3071], ['sha512', 4095], ['sha256', 1032], ['sha512', 1035]]

test('an encoding verifies and has the RFC 8017 shape', () => {
  for (const [hash, emBits] of cases) {
    const mHash = createHash(hash).update('message').digest()
    const em = emsaPssEncode(hash, mHash, emBits)
    assert.equal(em.length, Math.ceil(emBits / 8))
    assert.equal(em[em.length - 1], 0xbc)
    assert.equal(em[0]! >> (8 - (8 * em.length - emBits)), 0, 'leftmost bits cleared')
    assert.ok(emsaPssVerify(hash, mHash, em, emBits), `${hash}/${emBits}`)
  }
})

test('the salt is random and as long as the hash', () => {
  const mHash = createHash('sha256').update('m').digest()
  assert.notDeepEqual(emsaPssEncode('sha256', mHash, 2047), emsaPssEncode('sha256', mHash, 2047))
  const salt = randomBytes(32)
  assert.deepEqual(emsaPssEncode('sha256', mHash, 2047, salt), emsaPssEncode('sha256', mHash, 2047, salt))
})

test('any flipped bit, another digest or a wrong length fails verification', () => {
  const mHash = createHash('sha384').update('m').digest()
  const em = emsaPssEncode('sha384', mHash, 3071)
  for (let i = 0; i < em.length; i++) {
    const bad = Buffer.from(em)
    bad[i]! ^= i === 0 ? 0x40 : 0x01
    assert.equal(emsaPssVerify('sha384', mHash, bad, 3071), false, `byte ${i}`)
  }
  assert.equal(emsaPssVerify('sha384', createHash('sha384').update('n').digest(), em, 3071), false)
  assert.equal(emsaPssVerify('sha384', mHash, em.subarray(1), 3071), false)
  assert.equal(emsaPssVerify('sha384', mHash, em, 3079), false)
})

test('a modulus too small for hash and salt cannot encode', () => {
  assert.throws(() => emsaPssEncode('sha512', Buffer.alloc(64), 8 * 129), /modulus too small/)
})
