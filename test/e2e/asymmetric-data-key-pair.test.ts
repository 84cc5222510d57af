/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext through the SDK: for every KeyPairSpec
 * the private key (returned, and decrypted from its ciphertext) matches the public key; the
 * encryption context binds the ciphertext; and AWS's errors for RSA keys, SM2 and DryRun.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import {
  CreateKeyCommand, DecryptCommand, GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand, type DataKeyPairSpec,
  type KeyMetadata, type KMSClient,
} from '@aws-sdk/client-kms'
import { rejectsWith } from '../support/kms-assert.js'
import { TrentProcess } from '../support/server.js'
import { createKey, DRY_RUN, keyUsage } from './asymmetric-helpers.js'

let trent: TrentProcess
let kms: KMSClient
let symmetric: KeyMetadata

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
  symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
})
after(async () => { await trent.dispose() })

const SPECS: Array<[DataKeyPairSpec, string, string | undefined]> = [
  ['RSA_2048', 'rsa', undefined], ['RSA_3072', 'rsa', undefined], ['RSA_4096', 'rsa', undefined],
  ['ECC_NIST_P256', 'ec', 'prime256v1'], ['ECC_NIST_P384', 'ec', 'secp384r1'], ['ECC_NIST_P521', 'ec', 'secp521r1'],
  ['ECC_SECG_P256K1', 'ec', 'secp256k1'], ['ECC_NIST_EDWARDS25519', 'ed25519', undefined],
]

/** Signs with the DER PKCS #8 private key and verifies with the DER SPKI public key: they are one pair. */
function assertPair(spec: string, privateDer: Uint8Array, publicDer: Uint8Array, type: string, curve: string | undefined): void {
  const privateKey = createPrivateKey({ key: Buffer.from(privateDer), format: 'der', type: 'pkcs8' })
  const publicKey = createPublicKey({ key: Buffer.from(publicDer), format: 'der', type: 'spki' })
  assert.equal(privateKey.asymmetricKeyType, type, spec)
  assert.equal(publicKey.asymmetricKeyDetails?.namedCurve, curve, spec)
  if (type === 'rsa') assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, Number(spec.slice(4)))
  const digest = type === 'ed25519' ? null : 'sha256'
  const signature = sign(digest, Buffer.from(spec), privateKey)
  assert.ok(verify(digest, Buffer.from(spec), publicKey, signature), `${spec}: the private key does not match the public key`)
}

for (const [spec, type, curve] of SPECS) {
  test(`${spec}: the returned and the decrypted private key both match the public key`, async () => {
    const context = { pair: spec }
    const out = await kms.send(new GenerateDataKeyPairCommand({ KeyId: symmetric.KeyId, KeyPairSpec: spec, EncryptionContext: context }))
    assert.deepEqual({ KeyId: out.KeyId, KeyPairSpec: out.KeyPairSpec, KeyMaterialId: out.KeyMaterialId },
      { KeyId: symmetric.Arn, KeyPairSpec: spec, KeyMaterialId: symmetric.CurrentKeyMaterialId })
    assertPair(spec, out.PrivateKeyPlaintext!, out.PublicKey!, type, curve)
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob, EncryptionContext: context }))
    assert.deepEqual(Buffer.from(decrypted.Plaintext!), Buffer.from(out.PrivateKeyPlaintext!))
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob })), { name: 'InvalidCiphertextException', message: 'UnknownError' })

    const bare = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: symmetric.KeyId, KeyPairSpec: spec }))
    assert.equal((bare as { PrivateKeyPlaintext?: unknown }).PrivateKeyPlaintext, undefined)
    assert.equal(bare.KeyPairSpec, spec)
    const privateDer = (await kms.send(new DecryptCommand({ CiphertextBlob: bare.PrivateKeyCiphertextBlob }))).Plaintext!
    assertPair(spec, privateDer, bare.PublicKey!, type, curve)
    assert.notDeepEqual(Buffer.from(bare.PublicKey!), Buffer.from(out.PublicKey!))
  })
}

test('only symmetric encryption keys encrypt a pair; SM2 is UnsupportedOperationException; DryRun after the checks', async () => {
  const rsa = await createKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT')
  await rejectsWith(kms.send(new GenerateDataKeyPairCommand({ KeyId: rsa.KeyId, KeyPairSpec: 'ECC_NIST_P256' })),
    keyUsage(`${rsa.Arn} key KeySpec is RSA_2048 which is not valid for GenerateDataKeyPair.`))
  const signing = await createKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY')
  await rejectsWith(kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: signing.KeyId, KeyPairSpec: 'ECC_NIST_P256' })),
    keyUsage(`${signing.Arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPairWithoutPlaintext.`))
  await rejectsWith(kms.send(new GenerateDataKeyPairCommand({ KeyId: symmetric.KeyId, KeyPairSpec: 'SM2' })),
    { name: 'UnsupportedOperationException', message: 'KeyPairSpec SM2 is not supported by Trent; AWS offers it only in China Regions.' })
  await rejectsWith(kms.send(new GenerateDataKeyPairCommand({ KeyId: symmetric.KeyId, KeyPairSpec: 'RSA_2048', DryRun: true })), DRY_RUN)
  await rejectsWith(kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: symmetric.KeyId, KeyPairSpec: 'RSA_2048', DryRun: true })), DRY_RUN)
})
