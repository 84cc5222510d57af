/**
 * RSA encryption through the SDK: Encrypt/Decrypt with both OAEP algorithms, AWS's plaintext limits
 * and messages, the rules that the algorithm and KeyId are required and the encryption context is
 * not allowed, ReEncrypt between symmetric and RSA keys, and the data key operations refusing RSA keys.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateKeyCommand, DecryptCommand, DisableKeyCommand, EncryptCommand, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand,
  ReEncryptCommand, type EncryptionAlgorithmSpec, type KeyMetadata, type KMSClient,
} from '@aws-sdk/client-kms'
import { rejectsWith } from '../support/kms-assert.js'
import { TrentProcess } from '../support/server.js'
import { createKey, DRY_RUN, keyUsage, recordingClient, validation } from './asymmetric-helpers.js'

let trent: TrentProcess
let kms: KMSClient
let rsa: KeyMetadata
let rsaOther: KeyMetadata
let symmetric: KeyMetadata

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
  rsa = await createKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT')
  rsaOther = await createKey(kms, 'RSA_3072', 'ENCRYPT_DECRYPT')
  symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
})
after(async () => { await trent.dispose() })

const INVALID_CIPHERTEXT = { name: 'InvalidCiphertextException', message: 'UnknownError' }
const NO_CONTEXT = validation('EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.')

async function rsaEncrypt(key: KeyMetadata, plaintext: Buffer, algorithm: EncryptionAlgorithmSpec): Promise<Uint8Array> {
  return (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionAlgorithm: algorithm }))).CiphertextBlob!
}

test('Encrypt and Decrypt round-trip with both OAEP algorithms; the blob is raw RSA output, random each time', async () => {
  assert.deepEqual(rsa.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'])
  assert.equal(rsa.CurrentKeyMaterialId, undefined)
  for (const algorithm of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const) {
    const out = await kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('to the modulus'), EncryptionAlgorithm: algorithm }))
    assert.deepEqual({ KeyId: out.KeyId, EncryptionAlgorithm: out.EncryptionAlgorithm }, { KeyId: rsa.Arn, EncryptionAlgorithm: algorithm })
    assert.equal(out.CiphertextBlob!.length, 256)
    assert.notDeepEqual(Buffer.from(await rsaEncrypt(rsa, Buffer.from('to the modulus'), algorithm)), Buffer.from(out.CiphertextBlob!))
    const back = await kms.send(new DecryptCommand({ KeyId: rsa.Arn, CiphertextBlob: out.CiphertextBlob, EncryptionAlgorithm: algorithm }))
    assert.equal(Buffer.from(back.Plaintext!).toString(), 'to the modulus')
    assert.deepEqual({ KeyId: back.KeyId, EncryptionAlgorithm: back.EncryptionAlgorithm, KeyMaterialId: back.KeyMaterialId },
      { KeyId: rsa.Arn, EncryptionAlgorithm: algorithm, KeyMaterialId: undefined })
  }
})

test('plaintext limits per spec and algorithm, with AWS message', async () => {
  const limits: Array<[string, EncryptionAlgorithmSpec, number]> = [
    ['RSA_2048', 'RSAES_OAEP_SHA_1', 214], ['RSA_2048', 'RSAES_OAEP_SHA_256', 190], ['RSA_3072', 'RSAES_OAEP_SHA_1', 342],
    ['RSA_3072', 'RSAES_OAEP_SHA_256', 318], ['RSA_4096', 'RSAES_OAEP_SHA_1', 470], ['RSA_4096', 'RSAES_OAEP_SHA_256', 446],
  ]
  const keys = new Map([['RSA_2048', rsa], ['RSA_3072', rsaOther], ['RSA_4096', await createKey(kms, 'RSA_4096', 'ENCRYPT_DECRYPT')]])
  for (const [spec, algorithm, max] of limits) {
    const key = keys.get(spec)!
    const blob = await rsaEncrypt(key, Buffer.alloc(max, 0x5a), algorithm)
    const back = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: blob, EncryptionAlgorithm: algorithm }))
    assert.deepEqual(Buffer.from(back.Plaintext!), Buffer.alloc(max, 0x5a))
    await rejectsWith(rsaEncrypt(key, Buffer.alloc(max + 1, 0x5a), algorithm),
      validation(`Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`))
  }
})

test('the algorithm must suit the key: none for RSA is SYMMETRIC_DEFAULT; an RSA algorithm for a symmetric key fails too', async () => {
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('x') })),
    keyUsage('Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.'))
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
    keyUsage('Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.'))
  const signing = await createKey(kms, 'RSA_2048', 'SIGN_VERIFY')
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: signing.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
    keyUsage(`${signing.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`))
})

test('an encryption context is refused for RSA keys, on Encrypt, Decrypt and a ReEncrypt destination', async () => {
  const context = { purpose: 'test' }
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: context })), NO_CONTEXT)
  const blob = await rsaEncrypt(rsa, Buffer.from('x'), 'RSAES_OAEP_SHA_256')
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: rsa.KeyId, CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: context })), NO_CONTEXT)
  const symmetricBlob = (await kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob
  await rejectsWith(kms.send(new ReEncryptCommand({
    CiphertextBlob: symmetricBlob, DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationEncryptionContext: context,
  })), NO_CONTEXT)
  // An empty context is no context.
  const ok = await kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: {} }))
  assert.equal(ok.CiphertextBlob!.length, 256)
})

test('Decrypt of an RSA blob needs the KeyId and the algorithm; the wrong ones are InvalidCiphertextException', async () => {
  const blob = await rsaEncrypt(rsa, Buffer.from('needs both'), 'RSAES_OAEP_SHA_256')
  const attempts: Array<{ KeyId?: string; EncryptionAlgorithm?: EncryptionAlgorithmSpec }> = [
    {}, { EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }, { KeyId: rsa.KeyId }, { KeyId: rsa.KeyId, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    { KeyId: rsa.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }, { KeyId: rsaOther.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' },
    { KeyId: symmetric.KeyId },
  ]
  for (const attempt of attempts) {
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob, ...attempt })), INVALID_CIPHERTEXT)
  }
  const tampered = Buffer.from(blob)
  tampered[100]! ^= 1
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: rsa.KeyId, CiphertextBlob: tampered, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), INVALID_CIPHERTEXT)
  const { kms: raw, bodies } = recordingClient(trent)
  await rejectsWith(raw.send(new DecryptCommand({ KeyId: rsa.KeyId, CiphertextBlob: tampered, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), INVALID_CIPHERTEXT)
  assert.deepEqual(bodies, [{ __type: 'InvalidCiphertextException', message: '' }])
})

test('ReEncrypt: symmetric to RSA, RSA to RSA and RSA to symmetric, reporting each side', async () => {
  const first = (await kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: Buffer.from('travels'), EncryptionContext: { a: 'b' } })))
  const toRsa = await kms.send(new ReEncryptCommand({
    CiphertextBlob: first.CiphertextBlob, SourceEncryptionContext: { a: 'b' }, DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
  }))
  assert.equal(toRsa.CiphertextBlob!.length, 256)
  assert.equal(toRsa.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
  assert.equal(toRsa.DestinationEncryptionAlgorithm, 'RSAES_OAEP_SHA_1')
  assert.match(toRsa.SourceKeyMaterialId!, /^[a-f0-9]{64}$/)
  assert.equal(toRsa.DestinationKeyMaterialId, undefined)
  const toOther = await kms.send(new ReEncryptCommand({
    CiphertextBlob: toRsa.CiphertextBlob, SourceKeyId: rsa.Arn, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
    DestinationKeyId: rsaOther.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
  }))
  assert.deepEqual({ SourceKeyId: toOther.SourceKeyId, KeyId: toOther.KeyId, length: toOther.CiphertextBlob!.length },
    { SourceKeyId: rsa.Arn, KeyId: rsaOther.Arn, length: 384 })
  const back = await kms.send(new ReEncryptCommand({
    CiphertextBlob: toOther.CiphertextBlob, SourceKeyId: rsaOther.KeyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationKeyId: symmetric.KeyId,
  }))
  assert.equal(back.SourceKeyMaterialId, undefined)
  assert.equal(back.DestinationKeyMaterialId, symmetric.CurrentKeyMaterialId)
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: back.CiphertextBlob }))).Plaintext!).toString(), 'travels')
  await rejectsWith(kms.send(new ReEncryptCommand({ CiphertextBlob: first.CiphertextBlob, SourceEncryptionContext: { a: 'b' }, DestinationKeyId: rsa.KeyId })),
    keyUsage('Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.'))
})

test('ReEncrypt to RSA refuses a plaintext over the destination limit', async () => {
  const big = (await kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: Buffer.alloc(191, 1) }))).CiphertextBlob
  await rejectsWith(kms.send(new ReEncryptCommand({ CiphertextBlob: big, DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
    validation('Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.'))
})

test('GenerateDataKey and GenerateDataKeyWithoutPlaintext refuse RSA keys', async () => {
  await rejectsWith(kms.send(new GenerateDataKeyCommand({ KeyId: rsa.KeyId, KeySpec: 'AES_256' })),
    keyUsage(`${rsa.Arn} key KeySpec is RSA_2048 which is not valid for GenerateDataKey.`))
  await rejectsWith(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: rsa.KeyId, NumberOfBytes: 32 })),
    keyUsage(`${rsa.Arn} key KeySpec is RSA_2048 which is not valid for GenerateDataKeyWithoutPlaintext.`))
})

test('DryRun after every check; a disabled RSA key is DisabledException on Encrypt and Decrypt', async () => {
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DryRun: true })), DRY_RUN)
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.alloc(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DryRun: true })),
    validation('Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.'))
  const key = await createKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT')
  const blob = await rsaEncrypt(key, Buffer.from('x'), 'RSAES_OAEP_SHA_256')
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DryRun: true })), DRY_RUN)
  await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
  const disabled = { name: 'DisabledException', message: `${key.Arn} is disabled.` }
  await rejectsWith(rsaEncrypt(key, Buffer.from('x'), 'RSAES_OAEP_SHA_256'), disabled)
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), disabled)
})
