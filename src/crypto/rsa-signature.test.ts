import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { rsaSign, rsaVerify, type RsaSignatureHash, type RsaSignatureScheme } from './rsa-signature.js'
import { withOpenssl, type OpensslDir } from './openssl-cli.test-support.js'

function rsaKey(bits: number) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits, publicExponent: 65537,
    publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  })
  return { pkcs8: privateKey, spki: publicKey }
}

const SCHEMES: RsaSignatureScheme[] = ['pss', 'pkcs1']
const HASHES: RsaSignatureHash[] = ['sha256', 'sha384', 'sha512']
const message = Buffer.from('The quick brown fox jumps over the lazy dog')
const digestOf = (hash: RsaSignatureHash, m: Buffer) => createHash(hash).update(m).digest()
const padding = (scheme: RsaSignatureScheme, flag: string) =>
  scheme === 'pss' ? [flag, 'rsa_padding_mode:pss', flag, 'rsa_pss_saltlen:digest', flag, 'rsa_mgf1_md:placeholder'] : [flag, 'rsa_padding_mode:pkcs1']

/** openssl's verdict on `signature`: dgst over the message, and pkeyutl over its digest. */
function opensslVerifies(o: OpensslDir, scheme: RsaSignatureScheme, hash: RsaSignatureHash, signature: Buffer): [boolean, boolean] {
  o.write({ 'sig.bin': signature, 'msg.bin': message, 'digest.bin': digestOf(hash, message) })
  const pad = (flag: string) => padding(scheme, flag).map((a) => a.replace('placeholder', hash))
  const dgst = o.run('dgst', `-${hash}`, '-keyform', 'DER', '-verify', 'pub.der', ...pad('-sigopt'), '-signature', 'sig.bin', 'msg.bin')
  const pkeyutl = o.run('pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', '-pkeyopt', `digest:${hash}`,
    ...pad('-pkeyopt'), '-in', 'digest.bin', '-sigfile', 'sig.bin')
  return [dgst.ok, pkeyutl.ok]
}

for (const bits of [2048, 1033]) {
  test(`RSA-${bits}: RAW and DIGEST signatures of every scheme and hash verify here and with openssl`, () => {
    const key = rsaKey(bits)
    withOpenssl((o) => {
      o.write({ 'pub.der': key.spki })
      for (const scheme of SCHEMES) {
        for (const hash of HASHES) {
          if (bits < 1100 && hash === 'sha512' && scheme === 'pss') continue // 2*64+2 bytes do not fit in 129
          const raw = rsaSign(key.pkcs8, scheme, hash, message, false)
          const digest = rsaSign(key.pkcs8, scheme, hash, digestOf(hash, message), true)
          const label = `${scheme}/${hash}`
          for (const signature of [raw, digest]) {
            assert.equal(signature.length, Math.ceil(bits / 8), label)
            assert.ok(rsaVerify(key.spki, scheme, hash, message, false, signature), label)
            assert.ok(rsaVerify(key.spki, scheme, hash, digestOf(hash, message), true, signature), label)
            assert.deepEqual(opensslVerifies(o, scheme, hash, signature), [true, true], label)
          }
          if (scheme === 'pkcs1') assert.deepEqual(raw, digest, 'PKCS #1 v1.5 is deterministic')
        }
      }
    })
  })
}

test('signatures made by openssl pkeyutl over a digest verify in both message types', () => {
  const key = rsaKey(2048)
  withOpenssl((o) => {
    o.write({ 'key.der': key.pkcs8 })
    for (const scheme of SCHEMES) {
      for (const hash of HASHES) {
        o.write({ 'digest.bin': digestOf(hash, message) })
        const pad = padding(scheme, '-pkeyopt').map((a) => a.replace('placeholder', hash))
        const r = o.run('pkeyutl', '-sign', '-keyform', 'DER', '-inkey', 'key.der', '-pkeyopt', `digest:${hash}`, ...pad, '-in', 'digest.bin', '-out', 'sig.bin')
        assert.ok(r.ok, r.err)
        const signature = o.read('sig.bin')
        assert.ok(rsaVerify(key.spki, scheme, hash, message, false, signature), `${scheme}/${hash} RAW`)
        assert.ok(rsaVerify(key.spki, scheme, hash, digestOf(hash, message), true, signature), `${scheme}/${hash} DIGEST`)
      }
    }
  })
})

test('PSS verification requires the salt to be as long as the digest', () => {
  const key = rsaKey(2048)
  withOpenssl((o) => {
    o.write({ 'key.der': key.pkcs8, 'digest.bin': digestOf('sha256', message) })
    const r = o.run('pkeyutl', '-sign', '-keyform', 'DER', '-inkey', 'key.der', '-pkeyopt', 'digest:sha256',
      '-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:20', '-in', 'digest.bin', '-out', 'sig.bin')
    assert.ok(r.ok, r.err)
    assert.equal(rsaVerify(key.spki, 'pss', 'sha256', message, false, o.read('sig.bin')), false)
    assert.equal(rsaVerify(key.spki, 'pss', 'sha256', digestOf('sha256', message), true, o.read('sig.bin')), false)
  })
})

test('tampered, truncated, cross-scheme, cross-hash and other-key signatures are invalid', () => {
  const key = rsaKey(2048)
  const other = rsaKey(2048)
  for (const prehashed of [false, true]) {
    const input = prehashed ? digestOf('sha256', message) : message
    for (const scheme of SCHEMES) {
      const signature = rsaSign(key.pkcs8, scheme, 'sha256', input, prehashed)
      const tampered = Buffer.from(signature)
      tampered[17]! ^= 0x01
      const label = `${scheme} prehashed=${prehashed}`
      assert.equal(rsaVerify(key.spki, scheme, 'sha256', input, prehashed, tampered), false, label)
      assert.equal(rsaVerify(key.spki, scheme, 'sha256', input, prehashed, signature.subarray(1)), false, label)
      assert.equal(rsaVerify(key.spki, scheme, 'sha256', input, prehashed, Buffer.alloc(256, 0xff)), false, label)
      assert.equal(rsaVerify(key.spki, scheme === 'pss' ? 'pkcs1' : 'pss', 'sha256', input, prehashed, signature), false, label)
      assert.equal(rsaVerify(other.spki, scheme, 'sha256', input, prehashed, signature), false, label)
    }
  }
  const sha256 = rsaSign(key.pkcs8, 'pkcs1', 'sha256', message, false)
  assert.equal(rsaVerify(key.spki, 'pkcs1', 'sha384', message, false, sha256), false)
  assert.equal(rsaVerify(key.spki, 'pkcs1', 'sha256', Buffer.alloc(31), true, sha256), false)
  assert.throws(() => rsaSign(key.pkcs8, 'pss', 'sha256', Buffer.alloc(31), true), /digest length/)
})
