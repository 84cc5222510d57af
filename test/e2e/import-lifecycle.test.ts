/**
 * The life of a key with imported material, against a real server and the dev clock: PendingImport
 * before the first import and the state errors it brings, DescribeKey's import fields, expiry by the
 * background job and re-import (old ciphertexts decrypt again), DeleteImportedKeyMaterial, the
 * expiration rules, and every import token failure (tampered, another key's, used, expired).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import {
  CancelKeyDeletionCommand, CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EnableKeyCommand, EncryptCommand,
  GetParametersForImportCommand, ImportKeyMaterialCommand, ListKeyRotationsCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { assertBetween, DAY_MS, DAY_SECONDS, rejectsWith, serverNow } from '../support/kms-assert.js'
import { TrentCluster } from '../support/cluster.js'
import { TrentProcess } from '../support/server.js'
import { createExternalKey, importWithOpenssl, wrapWithOpenssl } from './import-helpers.js'

let trent: TrentProcess
let kms: KMSClient

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
})
after(async () => { await trent.dispose() })

const describe = async (keyId: string) => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
const pendingImport = (arn: string) => ({ name: 'KMSInvalidStateException', message: `${arn} is pending import.` })
const invalidToken = { name: 'InvalidImportTokenException', message: 'The import token is invalid or is associated with a different KMS key.' }

test('an EXTERNAL key starts PendingImport without material, and refuses use until it has some', async () => {
  const key = await createExternalKey(kms)
  assert.equal(key.Origin, 'EXTERNAL')
  assert.equal(key.KeyState, 'PendingImport')
  assert.equal(key.Enabled, false)
  assert.equal(key.CurrentKeyMaterialId, undefined)
  assert.equal(key.ExpirationModel, undefined)
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })), pendingImport(key.Arn!))
  await rejectsWith(kms.send(new EnableKeyCommand({ KeyId: key.KeyId })), pendingImport(key.Arn!))
  await rejectsWith(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId })), pendingImport(key.Arn!))
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }))
  await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))
  assert.equal((await describe(key.KeyId!)).KeyState, 'PendingImport')
  const plain = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  await rejectsWith(kms.send(new GetParametersForImportCommand({ KeyId: plain.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
    { name: 'UnsupportedOperationException', message: `${plain.Arn} origin is AWS_KMS which is not valid for this operation.` })
  await rejectsWith(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' })),
    { name: 'UnsupportedOperationException', message: 'Importing key material is not supported for key spec ML_DSA_44 by this version of Trent.' })
})

test('expiring material: DescribeKey shows ValidTo; the job deletes it on time; re-import restores old ciphertexts', async () => {
  const key = await createExternalKey(kms)
  const material = randomBytes(32)
  const validTo = new Date(serverNow(trent) + 10 * DAY_MS)
  const imported = await importWithOpenssl(kms, key.KeyId!, material, { request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo } })
  assert.match(imported.KeyMaterialId!, /^[0-9a-f]{64}$/)
  let meta = await describe(key.KeyId!)
  assert.equal(meta.KeyState, 'Enabled')
  assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_EXPIRES')
  assert.equal(meta.ValidTo!.getTime(), validTo.getTime())
  assert.equal(meta.CurrentKeyMaterialId, imported.KeyMaterialId)
  const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('kept') }))).CiphertextBlob!

  await trent.advanceClock(10 * DAY_SECONDS - 60)
  assert.equal((await describe(key.KeyId!)).KeyState, 'Enabled')
  await trent.advanceClock(61)
  meta = await describe(key.KeyId!)
  assert.equal(meta.KeyState, 'PendingImport')
  assert.equal(meta.ExpirationModel, undefined)
  await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob })), pendingImport(key.Arn!))
  const [entry] = (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!
  assert.equal(entry!.ImportState, 'PENDING_IMPORT')
  assert.equal(entry!.KeyMaterialState, 'CURRENT')

  await rejectsWith(importWithOpenssl(kms, key.KeyId!, randomBytes(32)), {
    name: 'IncorrectKeyMaterialException', message: 'The key material in the request is not the same key material that was previously imported into this KMS key.',
  })
  const again = await importWithOpenssl(kms, key.KeyId!, material, { request: { KeyMaterialId: imported.KeyMaterialId } })
  assert.equal(again.KeyMaterialId, imported.KeyMaterialId)
  meta = await describe(key.KeyId!)
  assert.equal(meta.KeyState, 'Enabled')
  assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE')
  assert.equal(meta.ValidTo, undefined)
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'kept')
})

test('DeleteImportedKeyMaterial makes the key PendingImport until the same material returns', async () => {
  const key = await createExternalKey(kms, 'HMAC_384', 'GENERATE_VERIFY_MAC')
  const material = randomBytes(48)
  await importWithOpenssl(kms, key.KeyId!, material, { algorithm: 'RSA_AES_KEY_WRAP_SHA_256' })
  const out = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.Arn }))
  assert.equal(out.KeyId, key.Arn)
  assert.equal((await describe(key.KeyId!)).KeyState, 'PendingImport')
  await importWithOpenssl(kms, key.KeyId!, material)
  assert.equal((await describe(key.KeyId!)).KeyState, 'Enabled')
  // On a key pending deletion the material goes and the state stays; cancelling leaves it PendingImport.
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }))
  await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }))
  assert.equal((await describe(key.KeyId!)).KeyState, 'PendingDeletion')
  await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))
  assert.equal((await describe(key.KeyId!)).KeyState, 'PendingImport')
})

test('ExpirationModel and ValidTo follow AWS rules', async () => {
  const key = await createExternalKey(kms)
  const material = randomBytes(32)
  const now = serverNow(trent)
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ExpirationModel: 'KEY_MATERIAL_EXPIRES' }, 'ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.'],
    [{ ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: new Date(now + DAY_MS) }, 'ValidTo must not be specified when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.'],
    [{ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now - 60_000) }, 'ValidTo must be a date and time in the future.'],
    [{ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now + 366 * DAY_MS) }, 'ValidTo must be no more than 365 days from the request date.'],
  ]
  for (const [request, message] of cases) {
    await rejectsWith(importWithOpenssl(kms, key.KeyId!, material, { request }), { name: 'ValidationException', message })
  }
  await rejectsWith(importWithOpenssl(kms, key.KeyId!, randomBytes(31)), {
    name: 'IncorrectKeyMaterialException', message: 'The key material is invalid for key spec SYMMETRIC_DEFAULT: it must be 32 bytes.',
  })
  assert.equal((await describe(key.KeyId!)).KeyState, 'PendingImport')
})

test('PostgreSQL: an import token is used once even by concurrent imports on two nodes; the others answer InvalidImportTokenException', async () => {
  const cluster = await TrentCluster.start({ nodes: 2 })
  try {
    const clients = [cluster.node(0).client(), cluster.node(1).client()]
    const key = await createExternalKey(clients[0]!)
    const material = randomBytes(32)
    const p = await clients[0]!.send(new GetParametersForImportCommand({ KeyId: key.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))
    const wrapped = wrapWithOpenssl(p.PublicKey!, 'RSAES_OAEP_SHA_256', material)
    // Without ImportType, a second import of the same material is a re-import the key accepts: only the token refuses it.
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => clients[i % 2]!.send(new ImportKeyMaterialCommand({
      KeyId: key.KeyId!, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }))))
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1)
    for (const o of outcomes) if (o.status === 'rejected') assert.deepEqual({ name: (o.reason as Error).name, message: (o.reason as Error).message }, invalidToken)
  } finally { await cluster.dispose() }
})

test('import tokens: tampered, another key\'s, used, expired; material that does not unwrap', async () => {
  const [a, b] = [await createExternalKey(kms), await createExternalKey(kms)]
  const material = randomBytes(32)
  const params = async (keyId: string) => kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))
  const started = serverNow(trent)
  const pa = await params(a.KeyId!)
  assertBetween(pa.ParametersValidTo, started, serverNow(trent), DAY_MS)
  assert.equal(pa.KeyId, a.Arn)
  const wrapped = wrapWithOpenssl(pa.PublicKey!, 'RSAES_OAEP_SHA_256', material)
  const importInto = (keyId: string, token: Uint8Array, encrypted: Uint8Array = wrapped) => kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: encrypted, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }))
  const tampered = Buffer.from(pa.ImportToken!)
  tampered[20]! ^= 0x01
  await rejectsWith(importInto(a.KeyId!, tampered), invalidToken)
  await rejectsWith(importInto(b.KeyId!, pa.ImportToken!), invalidToken)
  await rejectsWith(importInto(a.KeyId!, pa.ImportToken!, randomBytes(256)), { name: 'InvalidCiphertextException', message: 'UnknownError' })
  await importInto(a.KeyId!, pa.ImportToken!)
  // The wrapping key is destroyed once used: the same token cannot import twice.
  await rejectsWith(importInto(a.KeyId!, pa.ImportToken!), invalidToken)

  const pb = await params(b.KeyId!)
  await trent.advanceClock(DAY_SECONDS)
  await rejectsWith(importInto(b.KeyId!, pb.ImportToken!, wrapWithOpenssl(pb.PublicKey!, 'RSAES_OAEP_SHA_256', material)), {
    name: 'ExpiredImportTokenException',
    message: 'The import token has expired. Use GetParametersForImport to get a new import token and public key, encrypt the key material with the new public key, and try again.',
  })
  assert.equal((await describe(b.KeyId!)).KeyState, 'PendingImport')
})
