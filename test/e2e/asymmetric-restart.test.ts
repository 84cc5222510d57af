/**
 * Asymmetric and HMAC keys survive a restart: the same public keys, old signatures still verify,
 * old RSA ciphertexts still decrypt, MACs and ECDH secrets are unchanged, and metadata is kept.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import {
  DecryptCommand, DeriveSharedSecretCommand, DescribeKeyCommand, EncryptCommand, GenerateMacCommand, GetPublicKeyCommand, SignCommand,
  VerifyCommand, type KeySpec, type KeyUsageType, type KMSClient, type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { createKey } from './asymmetric-helpers.js'

const SIGNERS: Array<[KeySpec, SigningAlgorithmSpec]> = [
  ['RSA_2048', 'RSASSA_PSS_SHA_256'], ['ECC_NIST_P256', 'ECDSA_SHA_256'], ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
  ['ECC_NIST_EDWARDS25519', 'ED25519_SHA_512'], ['ML_DSA_44', 'ML_DSA_SHAKE_256'],
]

async function publicKey(kms: KMSClient, keyId: string): Promise<Buffer> {
  return Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!)
}

test('keys, signatures, RSA ciphertexts, MACs and shared secrets are the same after a restart', async () => {
  const trent = await TrentProcess.start()
  try {
    let kms = trent.client()
    const make = (spec: KeySpec, usage: KeyUsageType) => createKey(kms, spec, usage)
    const signers = await Promise.all(SIGNERS.map(async ([spec, algorithm]) => {
      const key = await make(spec, 'SIGN_VERIFY')
      const signature = (await kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.from('before'), SigningAlgorithm: algorithm }))).Signature!
      return { key, algorithm, signature, publicKey: await publicKey(kms, key.KeyId!) }
    }))
    const rsa = await make('RSA_3072', 'ENCRYPT_DECRYPT')
    const blob = (await kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('kept'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).CiphertextBlob!
    const hmac = await make('HMAC_256', 'GENERATE_VERIFY_MAC')
    const mac = async () => Buffer.from((await kms.send(new GenerateMacCommand({ KeyId: hmac.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from('m') }))).Mac!)
    const macBefore = await mac()
    const agreement = await make('ECC_NIST_P384', 'KEY_AGREEMENT')
    const peer = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'der' })
    const derive = async () => Buffer.from((await kms.send(new DeriveSharedSecretCommand({ KeyId: agreement.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer }))).SharedSecret!)
    const secretBefore = await derive()

    await trent.restart()
    kms = trent.client()

    for (const { key, algorithm, signature, publicKey: before } of signers) {
      assert.deepEqual(await publicKey(kms, key.KeyId!), before, key.KeySpec)
      const verified = await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: Buffer.from('before'), Signature: signature, SigningAlgorithm: algorithm }))
      assert.equal(verified.SignatureValid, true, key.KeySpec)
      const after = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!
      assert.deepEqual({ spec: after.KeySpec, usage: after.KeyUsage, algorithms: after.SigningAlgorithms }, { spec: key.KeySpec, usage: key.KeyUsage, algorithms: key.SigningAlgorithms })
    }
    const back = await kms.send(new DecryptCommand({ KeyId: rsa.KeyId, CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))
    assert.equal(Buffer.from(back.Plaintext!).toString(), 'kept')
    assert.deepEqual(await mac(), macBefore)
    assert.deepEqual(await derive(), secretBefore)
  } finally {
    await trent.dispose()
  }
})
