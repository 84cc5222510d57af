/**
 * Asymmetric and HMAC keys as keys: CreateKey's KeyUsage rules, DescribeKey's algorithm lists,
 * GetPublicKey (fields, refusals, key states), rotation refused, and DeriveSharedSecret's errors.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import {
  CreateAliasCommand, CreateKeyCommand, DeriveSharedSecretCommand, DisableKeyCommand, EnableKeyRotationCommand, GetPublicKeyCommand,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, type KeySpec, type KeyUsageType, type KMSClient,
} from '@aws-sdk/client-kms'
import { rejectsWith } from '../support/kms-assert.js'
import { TrentProcess } from '../support/server.js'
import { createKey, DRY_RUN, keyUsage, validation } from './asymmetric-helpers.js'

let trent: TrentProcess
let kms: KMSClient

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
})
after(async () => { await trent.dispose() })

test('CreateKey: every spec but SYMMETRIC_DEFAULT needs a KeyUsage, and it must suit the spec', async () => {
  for (const spec of ['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'HMAC_256'] as KeySpec[]) {
    await rejectsWith(kms.send(new CreateKeyCommand({ KeySpec: spec })),
      validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.'))
  }
  const wrong: Array<[KeySpec, KeyUsageType]> = [
    ['RSA_2048', 'KEY_AGREEMENT'], ['RSA_4096', 'GENERATE_VERIFY_MAC'], ['ECC_NIST_P256', 'ENCRYPT_DECRYPT'],
    ['ECC_SECG_P256K1', 'KEY_AGREEMENT'], ['ECC_NIST_EDWARDS25519', 'KEY_AGREEMENT'], ['ML_DSA_65', 'ENCRYPT_DECRYPT'],
    ['HMAC_384', 'SIGN_VERIFY'], ['SYMMETRIC_DEFAULT', 'SIGN_VERIFY'],
  ]
  for (const [spec, usage] of wrong) {
    await rejectsWith(kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage })), validation(`KeyUsage ${usage} is not compatible with KeySpec ${spec}`))
  }
})

test('DescribeKey shows only the algorithm list of the key usage', async () => {
  const agreement = await createKey(kms, 'ECC_NIST_P384', 'KEY_AGREEMENT')
  assert.deepEqual(agreement.KeyAgreementAlgorithms, ['ECDH'])
  assert.equal(agreement.SigningAlgorithms, undefined)
  const hmac = await createKey(kms, 'HMAC_512', 'GENERATE_VERIFY_MAC')
  assert.deepEqual(hmac.MacAlgorithms, ['HMAC_SHA_512'])
  assert.equal(hmac.EncryptionAlgorithms, undefined)
  const signing = await createKey(kms, 'RSA_2048', 'SIGN_VERIFY')
  assert.equal(signing.EncryptionAlgorithms, undefined)
  assert.deepEqual({ spec: signing.KeySpec, cmk: signing.CustomerMasterKeySpec }, { spec: 'RSA_2048', cmk: 'RSA_2048' })
})

test('GetPublicKey returns the SubjectPublicKeyInfo with spec, usage and the usage algorithms, by any KeyId form', async () => {
  const cases: Array<[KeySpec, KeyUsageType, Record<string, string[]>, string]> = [
    ['RSA_3072', 'ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }, 'rsa'],
    ['ECC_NIST_P521', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_512'] }, 'ec'],
    ['ECC_NIST_P256', 'KEY_AGREEMENT', { KeyAgreementAlgorithms: ['ECDH'] }, 'ec'],
    ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] }, 'ed25519'],
  ]
  for (const [spec, usage, lists, type] of cases) {
    const key = await createKey(kms, spec, usage)
    const alias = `alias/public-${spec.toLowerCase()}-${usage.toLowerCase()}`
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }))
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: alias }))
    const { PublicKey } = out
    const sorted = (list: string[] | undefined) => list && [...list].sort()
    assert.deepEqual({
      KeyId: out.KeyId, CustomerMasterKeySpec: out.CustomerMasterKeySpec, KeySpec: out.KeySpec, KeyUsage: out.KeyUsage,
      EncryptionAlgorithms: sorted(out.EncryptionAlgorithms), SigningAlgorithms: sorted(out.SigningAlgorithms),
      KeyAgreementAlgorithms: sorted(out.KeyAgreementAlgorithms),
    }, {
      KeyId: key.Arn, CustomerMasterKeySpec: spec, KeySpec: spec, KeyUsage: usage, EncryptionAlgorithms: sorted(lists['EncryptionAlgorithms']),
      SigningAlgorithms: sorted(lists['SigningAlgorithms']), KeyAgreementAlgorithms: sorted(lists['KeyAgreementAlgorithms']),
    })
    assert.equal(createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' }).asymmetricKeyType, type)
    const again = await kms.send(new GetPublicKeyCommand({ KeyId: key.Arn }))
    assert.deepEqual(Buffer.from(again.PublicKey!), Buffer.from(PublicKey!))
  }
})

test('GetPublicKey: symmetric and HMAC keys have none; disabled and pending-deletion keys are refused', async () => {
  const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const hmac = await createKey(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC')
  for (const key of [symmetric, hmac]) {
    await rejectsWith(kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId })),
      { name: 'UnsupportedOperationException', message: `${key.Arn} key KeySpec is ${key.KeySpec} which is not valid for GetPublicKey.` })
  }
  const disabled = await createKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY')
  await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }))
  await rejectsWith(kms.send(new GetPublicKeyCommand({ KeyId: disabled.KeyId })), { name: 'DisabledException', message: `${disabled.Arn} is disabled.` })
  const deleting = await createKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY')
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: deleting.KeyId, PendingWindowInDays: 7 }))
  await rejectsWith(kms.send(new GetPublicKeyCommand({ KeyId: deleting.KeyId })), { name: 'KMSInvalidStateException', message: `${deleting.Arn} is pending deletion.` })
})

test('rotation of asymmetric and HMAC keys is UnsupportedOperationException', async () => {
  for (const [spec, usage] of [['RSA_2048', 'SIGN_VERIFY'], ['ECC_NIST_P256', 'KEY_AGREEMENT'], ['HMAC_256', 'GENERATE_VERIFY_MAC']] as const) {
    const key = await createKey(kms, spec, usage)
    const unsupported = { name: 'UnsupportedOperationException', message: /./ }
    await rejectsWith(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })), unsupported)
    await rejectsWith(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })), unsupported)
  }
})

test('DeriveSharedSecret: usage, curve and key state errors; DryRun after the checks', async () => {
  const key = await createKey(kms, 'ECC_NIST_P256', 'KEY_AGREEMENT')
  const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' })
  const send = (keyId: string, publicKey: Buffer = peer, dryRun?: boolean) =>
    kms.send(new DeriveSharedSecretCommand({ KeyId: keyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: publicKey, DryRun: dryRun }))
  await rejectsWith(send(key.KeyId!, peer, true), DRY_RUN)
  assert.equal((await send(key.KeyId!)).SharedSecret!.length, 32)
  const signing = await createKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY')
  const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  for (const other of [signing, symmetric]) {
    await rejectsWith(send(other.KeyId!), keyUsage(`${other.Arn} key usage is ${other.KeyUsage} which is not valid for DeriveSharedSecret.`))
  }
  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'der' })
  await rejectsWith(send(key.KeyId!, p384), { name: 'ValidationException', message: /./ })
  await rejectsWith(send(key.KeyId!, Buffer.from('not a public key')), { name: 'ValidationException', message: /./ })
  await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
  await rejectsWith(send(key.KeyId!), { name: 'DisabledException', message: `${key.Arn} is disabled.` })
})
