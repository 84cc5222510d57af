import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { oaepDecrypt, oaepEncrypt, oaepMaxPlaintextBytes, type OaepHash } from './rsa-oaep.js'
import { withOpenssl } from './openssl-cli.test-support.js'

function rsaKey(bits: number) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits, publicExponent: 65537,
    publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  })
  return { pkcs8: privateKey, spki: publicKey }
}

const key = rsaKey(2048)
const HASHES: OaepHash[] = ['sha1', 'sha256']
const oaepOpts = (md: OaepHash) => ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`]

test('the plaintext limit is k - 2*hLen - 2, as AWS states it', () => {
  assert.deepEqual(
    [2048, 3072, 4096].flatMap((bits) => HASHES.map((h) => oaepMaxPlaintextBytes(bits, h))),
    [214, 190, 342, 318, 470, 446],
  )
})

test('ciphertexts made by openssl pkeyutl (OAEP, MGF1 with the same hash) decrypt', () => {
  withOpenssl((o) => {
    o.write({ 'pub.der': key.spki })
    for (const md of HASHES) {
      const plaintext = randomBytes(oaepMaxPlaintextBytes(2048, md))
      o.write({ 'pt.bin': plaintext })
      const r = o.run('pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', ...oaepOpts(md), '-in', 'pt.bin', '-out', 'ct.bin')
      assert.ok(r.ok, r.err)
      assert.deepEqual(oaepDecrypt(key.pkcs8, md, o.read('ct.bin')), plaintext, md)
    }
  })
})

test('our ciphertexts decrypt with openssl pkeyutl, at the largest plaintext', () => {
  withOpenssl((o) => {
    o.write({ 'key.der': key.pkcs8 })
    for (const md of HASHES) {
      const plaintext = randomBytes(oaepMaxPlaintextBytes(2048, md))
      o.write({ 'ct.bin': oaepEncrypt(key.spki, md, plaintext) })
      const r = o.run('pkeyutl', '-decrypt', '-keyform', 'DER', '-inkey', 'key.der', ...oaepOpts(md), '-in', 'ct.bin', '-out', 'pt.bin')
      assert.ok(r.ok, r.err)
      assert.deepEqual(o.read('pt.bin'), plaintext, md)
    }
  })
})

test('one byte over the limit does not encrypt', () => {
  for (const md of HASHES) {
    assert.throws(() => oaepEncrypt(key.spki, md, Buffer.alloc(oaepMaxPlaintextBytes(2048, md) + 1)))
  }
})

test('tampered, truncated, wrong-hash and wrong-key ciphertexts give null', () => {
  const ciphertext = oaepEncrypt(key.spki, 'sha256', Buffer.from('attack at dawn'))
  assert.equal(ciphertext.length, 256)
  assert.deepEqual(oaepDecrypt(key.pkcs8, 'sha256', ciphertext), Buffer.from('attack at dawn'))
  const tampered = Buffer.from(ciphertext)
  tampered[100]! ^= 1
  assert.equal(oaepDecrypt(key.pkcs8, 'sha256', tampered), null)
  assert.equal(oaepDecrypt(key.pkcs8, 'sha256', ciphertext.subarray(1)), null)
  assert.equal(oaepDecrypt(key.pkcs8, 'sha256', Buffer.alloc(0)), null)
  assert.equal(oaepDecrypt(key.pkcs8, 'sha1', ciphertext), null)
  assert.equal(oaepDecrypt(rsaKey(2048).pkcs8, 'sha256', ciphertext), null)
})
