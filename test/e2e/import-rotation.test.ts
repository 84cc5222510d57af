/**
 * Rotation of a symmetric key with imported material (API reference, ImportKeyMaterial ImportType and
 * RotateKeyOnDemand): new material waits in PENDING_ROTATION, RotateKeyOnDemand makes it current, and
 * ListKeyRotations shows each material with its import state, expiry and description. Also: material
 * bytes imported into a key never appear in the data directory (database, WAL, logs).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  DecryptCommand, DescribeKeyCommand, EncryptCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { DAY_MS, rejectsWith, serverNow } from '../support/kms-assert.js'
import { TrentProcess } from '../support/server.js'
import { createExternalKey, importWithOpenssl } from './import-helpers.js'

let trent: TrentProcess
let kms: KMSClient

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
})
after(async () => { await trent.dispose() })

const rotations = async (keyId: string) =>
  (await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!

test('NEW_KEY_MATERIAL waits in PENDING_ROTATION; RotateKeyOnDemand makes it current; old ciphertexts still decrypt', async () => {
  const key = await createExternalKey(kms)
  const [first, second] = [randomBytes(32), randomBytes(32)]
  const one = await importWithOpenssl(kms, key.KeyId!, first, { request: { KeyMaterialDescription: 'first' } })
  const oldBlob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('old') }))).CiphertextBlob!
  await rejectsWith(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })), {
    name: 'KMSInvalidStateException',
    message: `${key.Arn} has no imported key material in PENDING_ROTATION state. Import new key material with ImportType NEW_KEY_MATERIAL first.`,
  })
  const validTo = new Date(serverNow(trent) + 30 * DAY_MS)
  const two = await importWithOpenssl(kms, key.KeyId!, second, {
    algorithm: 'RSA_AES_KEY_WRAP_SHA_256', wrappingKeySpec: 'RSA_3072',
    request: { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo },
  })
  assert.notEqual(two.KeyMaterialId, one.KeyMaterialId)
  let meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!
  assert.equal(meta.CurrentKeyMaterialId, one.KeyMaterialId)
  // Not yet permanently associated, so its expiry is not the key's.
  assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE')
  assert.deepEqual((await rotations(key.KeyId!)).map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState, r.KeyMaterialDescription, r.ExpirationModel, r.RotationType]), [
    [one.KeyMaterialId, 'CURRENT', 'IMPORTED', 'first', 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined],
    [two.KeyMaterialId, 'PENDING_ROTATION', 'IMPORTED', 'second', 'KEY_MATERIAL_EXPIRES', undefined],
  ])
  await rejectsWith(importWithOpenssl(kms, key.KeyId!, randomBytes(32), { request: { ImportType: 'NEW_KEY_MATERIAL' } }), {
    name: 'KMSInvalidStateException',
    message: `${key.Arn} already has key material in PENDING_ROTATION state. Rotate to it with RotateKeyOnDemand, or delete it, before importing other new key material.`,
  })

  await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))
  meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!
  assert.equal(meta.CurrentKeyMaterialId, two.KeyMaterialId)
  assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_EXPIRES')
  assert.equal(meta.ValidTo!.getTime(), validTo.getTime())
  const listed = await rotations(key.KeyId!)
  assert.deepEqual(listed.map((r) => [r.KeyMaterialState, r.RotationType]), [['NON_CURRENT', undefined], ['CURRENT', 'ON_DEMAND']])
  assert.equal(listed[1]!.ValidTo!.getTime(), validTo.getTime())
  const fresh = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('new') }))
  assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }))).KeyMaterialId, two.KeyMaterialId)
  const old = await kms.send(new DecryptCommand({ CiphertextBlob: oldBlob }))
  assert.equal(old.KeyMaterialId, one.KeyMaterialId)
  assert.equal(Buffer.from(old.Plaintext!).toString(), 'old')
})

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

test('imported material is sealed at rest: its bytes appear nowhere in the data directory or the logs', async () => {
  const key = await createExternalKey(kms)
  const hmac = await createExternalKey(kms, 'HMAC_512', 'GENERATE_VERIFY_MAC')
  const [material, hmacMaterial] = [randomBytes(32), randomBytes(64)]
  await importWithOpenssl(kms, key.KeyId!, material)
  await importWithOpenssl(kms, hmac.KeyId!, hmacMaterial, { algorithm: 'RSA_AES_KEY_WRAP_SHA_1' })
  await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }))
  // Read while running (the WAL holds the recent writes) and again after a clean stop (logs flushed, checkpointed).
  const running = files(trent.dataDir)
  assert.ok(running.some((f) => f.endsWith('trent.db-wal')))
  const haystack = running.map((f) => readFileSync(f))
  await trent.stop()
  haystack.push(...files(trent.dataDir).map((f) => readFileSync(f)), Buffer.from(trent.logs.join('\n')))
  for (const m of [material, hmacMaterial]) {
    for (const needle of [m, Buffer.from(m.toString('base64')), Buffer.from(m.toString('hex')), Buffer.from(m.toString('base64url'))]) {
      for (const hay of haystack) assert.equal(hay.indexOf(needle), -1, 'imported material found at rest')
    }
  }
  await trent.restart()
})
