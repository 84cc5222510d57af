/**
 * Sign and Verify end to end through the SDK: every signing spec and algorithm, RAW, DIGEST and
 * EXTERNAL_MU messages with the right and wrong lengths, tampering, and AWS's errors for usage,
 * algorithm, message type and key state.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import {
  CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, ScheduleKeyDeletionCommand, SignCommand, VerifyCommand,
  type KeyMetadata, type KMSClient, type MessageType, type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms'
import { rejectsWith } from '../support/kms-assert.js'
import { TrentProcess } from '../support/server.js'
import { createKey, DRY_RUN, hashOf, keyUsage, recordingClient, SIGNING_SPECS, validation } from './asymmetric-helpers.js'

let trent: TrentProcess
let kms: KMSClient
const keys = new Map<string, KeyMetadata>()

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
  await Promise.all(SIGNING_SPECS.map(async ({ spec }) => keys.set(spec!, await createKey(kms, spec!, 'SIGN_VERIFY'))))
})
after(async () => { await trent.dispose() })

const key = (spec: string): KeyMetadata => keys.get(spec)!
const INVALID_SIGNATURE = { name: 'KMSInvalidSignatureException', message: 'UnknownError' }

/** The message type each algorithm signs by default: Ed25519ph takes only a SHA-512 digest. */
function messageFor(algorithm: SigningAlgorithmSpec, text: string): { Message: Buffer; MessageType: MessageType } {
  if (algorithm === 'ED25519_PH_SHA_512') return { Message: createHash('sha512').update(text).digest(), MessageType: 'DIGEST' }
  return { Message: Buffer.from(text), MessageType: 'RAW' }
}

async function signVerify(k: KeyMetadata, algorithm: SigningAlgorithmSpec, message: Buffer, type: MessageType) {
  const signed = await kms.send(new SignCommand({ KeyId: k.KeyId, Message: message, MessageType: type, SigningAlgorithm: algorithm }))
  assert.equal(signed.KeyId, k.Arn)
  assert.equal(signed.SigningAlgorithm, algorithm)
  const verified = await kms.send(new VerifyCommand({ KeyId: k.KeyId, Message: message, MessageType: type, Signature: signed.Signature, SigningAlgorithm: algorithm }))
  assert.deepEqual({ KeyId: verified.KeyId, SignatureValid: verified.SignatureValid, SigningAlgorithm: verified.SigningAlgorithm },
    { KeyId: k.Arn, SignatureValid: true, SigningAlgorithm: algorithm })
  return Buffer.from(signed.Signature!)
}

for (const { spec, algorithms } of SIGNING_SPECS) {
  test(`${spec}: DescribeKey lists AWS's algorithms; each signs and verifies, and a tampered signature or message fails`, async () => {
    const k = key(spec!)
    assert.deepEqual([...k.SigningAlgorithms!].sort(), [...algorithms].sort())
    assert.equal(k.KeyUsage, 'SIGN_VERIFY')
    assert.equal(k.CurrentKeyMaterialId, undefined)
    for (const algorithm of algorithms) {
      const { Message, MessageType } = messageFor(algorithm, `signed by ${spec} with ${algorithm}`)
      const signature = await signVerify(k, algorithm, Message, MessageType)
      const tampered = Buffer.from(signature)
      tampered[tampered.length >> 1]! ^= 0x01
      await rejectsWith(kms.send(new VerifyCommand({ KeyId: k.KeyId, Message, MessageType, Signature: tampered, SigningAlgorithm: algorithm })), INVALID_SIGNATURE)
      const other = messageFor(algorithm, 'another message')
      await rejectsWith(kms.send(new VerifyCommand({ KeyId: k.KeyId, ...other, Signature: signature, SigningAlgorithm: algorithm })), INVALID_SIGNATURE)
    }
  })
}

test('DIGEST: the right length signs what RAW signs; one byte more or less is refused with AWS message', async () => {
  const cases = SIGNING_SPECS.flatMap(({ spec, algorithms }) => algorithms.filter((a) => /^(RSASSA|ECDSA|ED25519_PH)/.test(a)).map((a) => [spec!, a] as const))
  for (const [spec, algorithm] of cases) {
    const k = key(spec)
    const text = Buffer.from(`digest of a message for ${algorithm}`)
    const { name, bytes } = hashOf(algorithm)
    const digest = createHash(name).update(text).digest()
    assert.equal(digest.length, bytes)
    const signature = await signVerify(k, algorithm, digest, 'DIGEST')
    // RSA and ECDSA hash a RAW message once, so the digest's signature verifies the message itself.
    if (algorithm !== 'ED25519_PH_SHA_512') {
      const raw = await kms.send(new VerifyCommand({ KeyId: k.KeyId, Message: text, MessageType: 'RAW', Signature: signature, SigningAlgorithm: algorithm }))
      assert.equal(raw.SignatureValid, true, `${spec} ${algorithm}`)
    }
    for (const wrong of [digest.subarray(1), Buffer.concat([digest, Buffer.from([0])])]) {
      const expected = validation(`Digest is invalid length for algorithm ${algorithm}.`)
      await rejectsWith(kms.send(new SignCommand({ KeyId: k.KeyId, Message: wrong, MessageType: 'DIGEST', SigningAlgorithm: algorithm })), expected)
      await rejectsWith(kms.send(new VerifyCommand({ KeyId: k.KeyId, Message: wrong, MessageType: 'DIGEST', Signature: signature, SigningAlgorithm: algorithm })), expected)
    }
  }
})

test('ML-DSA: EXTERNAL_MU takes exactly 64 bytes; DIGEST is not a message type of the spec', async () => {
  for (const spec of ['ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87']) {
    const k = key(spec)
    const mu = randomBytes(64)
    await signVerify(k, 'ML_DSA_SHAKE_256', mu, 'EXTERNAL_MU')
    await rejectsWith(kms.send(new SignCommand({ KeyId: k.KeyId, Message: mu.subarray(1), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' })),
      validation('Digest is invalid length for algorithm ML_DSA_SHAKE_256.'))
    await rejectsWith(kms.send(new SignCommand({ KeyId: k.KeyId, Message: mu, MessageType: 'DIGEST', SigningAlgorithm: 'ML_DSA_SHAKE_256' })),
      validation(`Message type DIGEST is incompatible with key spec ${spec}.`))
  }
})

test('message types an algorithm does not take: AWS names the algorithm, or the spec when no algorithm of it takes the type', async () => {
  const ed = key('ECC_NIST_EDWARDS25519')
  const digest = createHash('sha512').update('m').digest()
  await rejectsWith(kms.send(new SignCommand({ KeyId: ed.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' })),
    validation('Message type DIGEST is incompatible with algorithm ED25519_SHA_512.'))
  await rejectsWith(kms.send(new SignCommand({ KeyId: ed.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ED25519_PH_SHA_512' })),
    validation('Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.'))
  await rejectsWith(kms.send(new SignCommand({ KeyId: key('ECC_NIST_P256').KeyId, Message: randomBytes(64), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ECDSA_SHA_256' })),
    validation('Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_P256.'))
})

test('an algorithm of another spec is InvalidKeyUsageException naming algorithm and spec', async () => {
  const cases: Array<[string, SigningAlgorithmSpec]> = [
    ['ECC_NIST_P256', 'ECDSA_SHA_384'], ['ECC_NIST_P384', 'RSASSA_PSS_SHA_384'], ['RSA_2048', 'ECDSA_SHA_256'],
    ['ECC_NIST_EDWARDS25519', 'ECDSA_SHA_512'], ['ML_DSA_44', 'ED25519_SHA_512'], ['ECC_SECG_P256K1', 'ECDSA_SHA_512'],
  ]
  for (const [spec, algorithm] of cases) {
    const expected = keyUsage(`Algorithm ${algorithm} is incompatible with key spec ${spec}.`)
    await rejectsWith(kms.send(new SignCommand({ KeyId: key(spec).KeyId, Message: Buffer.from('m'), SigningAlgorithm: algorithm })), expected)
    await rejectsWith(kms.send(new VerifyCommand({ KeyId: key(spec).KeyId, Message: Buffer.from('m'), Signature: Buffer.alloc(64, 1), SigningAlgorithm: algorithm })), expected)
  }
})

test('keys of other usages are refused with AWS template, naming the operation', async () => {
  const rsaEncrypt = await createKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT')
  const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const hmac = await createKey(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC')
  const agreement = await createKey(kms, 'ECC_NIST_P256', 'KEY_AGREEMENT')
  for (const k of [rsaEncrypt, symmetric, hmac, agreement]) {
    await rejectsWith(kms.send(new SignCommand({ KeyId: k.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
      keyUsage(`${k.Arn} key usage is ${k.KeyUsage} which is not valid for Sign.`))
    await rejectsWith(kms.send(new VerifyCommand({ KeyId: k.KeyId, Message: Buffer.from('m'), Signature: Buffer.alloc(8), SigningAlgorithm: 'ECDSA_SHA_256' })),
      keyUsage(`${k.Arn} key usage is ${k.KeyUsage} which is not valid for Verify.`))
  }
})

test('aliases work, KeyId answers the ARN, and a 4097-byte message is the framework error', async () => {
  const k = key('ECC_NIST_P384')
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/sign-p384', TargetKeyId: k.KeyId }))
  const signed = await kms.send(new SignCommand({ KeyId: 'alias/sign-p384', Message: Buffer.from('aliased'), SigningAlgorithm: 'ECDSA_SHA_384' }))
  assert.equal(signed.KeyId, k.Arn)
  const verified = await kms.send(new VerifyCommand({ KeyId: k.Arn, Message: Buffer.from('aliased'), Signature: signed.Signature, SigningAlgorithm: 'ECDSA_SHA_384' }))
  assert.equal(verified.SignatureValid, true)
  await rejectsWith(kms.send(new SignCommand({ KeyId: k.KeyId, Message: Buffer.alloc(4097, 1), SigningAlgorithm: 'ECDSA_SHA_384' })),
    validation("1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096"))
})

test('DryRun answers DryRunOperationException after every check, and the checks still fail first', async () => {
  const k = key('ECC_NIST_P256')
  await rejectsWith(kms.send(new SignCommand({ KeyId: k.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })), DRY_RUN)
  await rejectsWith(kms.send(new VerifyCommand({ KeyId: k.KeyId, Message: Buffer.from('m'), Signature: Buffer.alloc(70, 1), SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })), DRY_RUN)
  await rejectsWith(kms.send(new SignCommand({ KeyId: k.KeyId, Message: Buffer.alloc(31), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })),
    validation('Digest is invalid length for algorithm ECDSA_SHA_256.'))
})

test('a disabled key is DisabledException and a key pending deletion KMSInvalidStateException', async () => {
  const disabled = await createKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY')
  const signature = (await kms.send(new SignCommand({ KeyId: disabled.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature
  await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }))
  const deleting = await createKey(kms, 'RSA_2048', 'SIGN_VERIFY')
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: deleting.KeyId, PendingWindowInDays: 7 }))
  await rejectsWith(kms.send(new SignCommand({ KeyId: disabled.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })),
    { name: 'DisabledException', message: `${disabled.Arn} is disabled.` })
  await rejectsWith(kms.send(new VerifyCommand({ KeyId: disabled.KeyId, Message: Buffer.from('m'), Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' })),
    { name: 'DisabledException', message: `${disabled.Arn} is disabled.` })
  await rejectsWith(kms.send(new SignCommand({ KeyId: deleting.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
    { name: 'KMSInvalidStateException', message: `${deleting.Arn} is pending deletion.` })
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: deleting.KeyId }))).KeyMetadata!.KeyState, 'PendingDeletion')
})

test('on the wire, KMSInvalidSignatureException carries an empty message', async () => {
  const { kms: raw, bodies } = recordingClient(trent)
  const k = key('ECC_NIST_P256')
  await rejectsWith(raw.send(new VerifyCommand({ KeyId: k.KeyId, Message: Buffer.from('m'), Signature: Buffer.alloc(70, 1), SigningAlgorithm: 'ECDSA_SHA_256' })), INVALID_SIGNATURE)
  assert.deepEqual(bodies, [{ __type: 'KMSInvalidSignatureException', message: '' }])
})
