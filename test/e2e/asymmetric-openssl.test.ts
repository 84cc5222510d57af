/**
 * Interoperability with the openssl CLI: GetPublicKey's DER parses as a public key; openssl verifies
 * Trent's signatures (RSA PSS and PKCS #1 v1.5, ECDSA on every curve, Ed25519); Trent decrypts what
 * openssl encrypts with RSA-OAEP SHA-1 and SHA-256; ECDH with an openssl peer agrees with
 * DeriveSharedSecret.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import {
  DecryptCommand, DeriveSharedSecretCommand, GetPublicKeyCommand, SignCommand, type KeySpec, type KMSClient, type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { createKey, hashOf, openssl, pemOf, RSA_SIGNING } from './asymmetric-helpers.js'

let trent: TrentProcess
let kms: KMSClient

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
})
after(async () => { await trent.dispose() })

async function publicPem(keyId: string): Promise<Buffer> {
  return pemOf((await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!)
}

async function sign(keyId: string, algorithm: SigningAlgorithmSpec, message: Buffer, digest = false): Promise<Buffer> {
  const out = await kms.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: digest ? 'DIGEST' : 'RAW', SigningAlgorithm: algorithm }))
  return Buffer.from(out.Signature!)
}

/** `openssl dgst -verify` with the options AWS's algorithm implies (PSS salt = digest length). */
function dgstVerify(pem: Buffer, algorithm: SigningAlgorithmSpec, message: Buffer, signature: Buffer): void {
  const { name, bytes } = hashOf(algorithm)
  const pss = algorithm.startsWith('RSASSA_PSS') ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', `rsa_pss_saltlen:${bytes}`] : []
  openssl({ 'pub.pem': pem, msg: message, sig: signature }, [['dgst', `-${name}`, ...pss, '-verify', 'pub.pem', '-signature', 'sig', 'msg']])
}

for (const spec of ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const) {
  test(`${spec}: openssl dgst verifies every PSS and PKCS #1 v1.5 signature, RAW and DIGEST`, async () => {
    const key = await createKey(kms, spec, 'SIGN_VERIFY')
    const pem = await publicPem(key.KeyId!)
    assert.match(pem.toString(), /^-----BEGIN PUBLIC KEY-----\n/)
    const message = Buffer.from(`openssl checks ${spec}`)
    for (const algorithm of RSA_SIGNING) {
      dgstVerify(pem, algorithm, message, await sign(key.KeyId!, algorithm, message))
      const digest = createHash(hashOf(algorithm).name).update(message).digest()
      dgstVerify(pem, algorithm, message, await sign(key.KeyId!, algorithm, digest, true))
    }
  })
}

const CURVES: Array<[KeySpec, SigningAlgorithmSpec, string]> = [
  ['ECC_NIST_P256', 'ECDSA_SHA_256', 'ASN1 OID: prime256v1'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384', 'ASN1 OID: secp384r1'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512', 'ASN1 OID: secp521r1'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'ASN1 OID: secp256k1'],
]

test('ECDSA on every curve: the public key is on the right curve, and openssl verifies RAW (dgst) and DIGEST (pkeyutl) signatures', async () => {
  for (const [spec, algorithm, curve] of CURVES) {
    const key = await createKey(kms, spec, 'SIGN_VERIFY')
    const pem = await publicPem(key.KeyId!)
    const text = openssl({ 'pub.pem': pem }, [['pkey', '-pubin', '-in', 'pub.pem', '-text', '-noout', '-out', 'text']], ['text'])['text']!
    assert.ok(text.toString().includes(curve), `${spec}: ${text.toString()}`)
    const message = Buffer.from(`ECDSA over ${spec}`)
    dgstVerify(pem, algorithm, message, await sign(key.KeyId!, algorithm, message))
    const digest = createHash(hashOf(algorithm).name).update(message).digest()
    const signature = await sign(key.KeyId!, algorithm, digest, true)
    openssl({ 'pub.pem': pem, digest, sig: signature }, [['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-in', 'digest', '-sigfile', 'sig']])
  }
})

test('Ed25519: a 44-byte SubjectPublicKeyInfo, and openssl pkeyutl -rawin verifies ED25519_SHA_512 signatures', async () => {
  const key = await createKey(kms, 'ECC_NIST_EDWARDS25519', 'SIGN_VERIFY')
  const der = (await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }))).PublicKey!
  assert.equal(der.length, 44)
  const pem = pemOf(der)
  for (const message of [Buffer.from('Ed25519 by Trent'), Buffer.alloc(4096, 7)]) {
    const signature = await sign(key.KeyId!, 'ED25519_SHA_512', message)
    assert.equal(signature.length, 64)
    openssl({ 'pub.pem': pem, msg: message, sig: signature }, [['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg', '-sigfile', 'sig']])
  }
})

test('openssl verify fails on a signature over another message (the checks above can fail)', async () => {
  const key = await createKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY')
  const pem = await publicPem(key.KeyId!)
  const signature = await sign(key.KeyId!, 'ECDSA_SHA_256', Buffer.from('one'))
  assert.throws(() => dgstVerify(pem, 'ECDSA_SHA_256', Buffer.from('two'), signature), /Verification failure/)
})

for (const spec of ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const) {
  test(`${spec}: Trent decrypts what openssl pkeyutl encrypts with RSA-OAEP SHA-1 and SHA-256`, async () => {
    const key = await createKey(kms, spec, 'ENCRYPT_DECRYPT')
    const pem = await publicPem(key.KeyId!)
    for (const [algorithm, md] of [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_OAEP_SHA_256', 'sha256']] as const) {
      const plaintext = Buffer.from(`sealed by openssl for ${spec} with ${md}`)
      const out = openssl({ 'pub.pem': pem, pt: plaintext }, [[
        'pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'pt', '-out', 'ct',
        '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`,
      ]], ['ct'])
      assert.equal(out['ct']!.length, Number(spec.slice(4)) / 8)
      const back = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: out['ct'], EncryptionAlgorithm: algorithm }))
      assert.deepEqual({ KeyId: back.KeyId, EncryptionAlgorithm: back.EncryptionAlgorithm, KeyMaterialId: back.KeyMaterialId },
        { KeyId: key.Arn, EncryptionAlgorithm: algorithm, KeyMaterialId: undefined })
      assert.equal(Buffer.from(back.Plaintext!).toString(), plaintext.toString())
    }
  })
}

test('ECDH: openssl pkeyutl -derive with an openssl-made peer key equals DeriveSharedSecret, on every NIST curve', async () => {
  for (const [spec, curve, bytes] of [['ECC_NIST_P256', 'P-256', 32], ['ECC_NIST_P384', 'P-384', 48], ['ECC_NIST_P521', 'P-521', 66]] as const) {
    const key = await createKey(kms, spec, 'KEY_AGREEMENT')
    const pem = await publicPem(key.KeyId!)
    const out = openssl({ 'kms.pem': pem }, [
      ['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', 'peer.pem'],
      ['pkey', '-in', 'peer.pem', '-pubout', '-outform', 'DER', '-out', 'peer.der'],
      ['pkeyutl', '-derive', '-inkey', 'peer.pem', '-peerkey', 'kms.pem', '-out', 'secret'],
    ], ['peer.der', 'secret'])
    const derived = await kms.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: out['peer.der'] }))
    assert.equal(out['secret']!.length, bytes)
    assert.deepEqual(Buffer.from(derived.SharedSecret!), out['secret'])
    assert.deepEqual({ KeyId: derived.KeyId, KeyAgreementAlgorithm: derived.KeyAgreementAlgorithm, KeyOrigin: derived.KeyOrigin },
      { KeyId: key.Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' })
  }
})
