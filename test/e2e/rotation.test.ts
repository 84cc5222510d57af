/**
 * Key rotation end to end: the automatic schedule (with the dev clock moving the server through months),
 * on-demand rotation and its limit, ListKeyRotations, and old ciphertext decrypting under old material.
 * The tests share one server and run in order: the clock only moves forward, and the last test restarts.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CancelKeyDeletionCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, ScheduleKeyDeletionCommand, DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand,
  EnableKeyRotationCommand, EncryptCommand, GetKeyRotationStatusCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand,
  type KMSClient, type KeyMetadata, type ListKeyRotationsRequest, type RotationsListEntry,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'

const DAY = 24 * 3600
const DAY_MS = DAY * 1000
let trent: TrentProcess
let kms: KMSClient
/** Every ciphertext made in this file, with what Decrypt must answer, checked again after restart. */
const made: Array<{ blob: Uint8Array; plaintext: string; materialId: string; key: KeyMetadata }> = []
const keys: KeyMetadata[] = []

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
})
after(async () => { await trent.dispose() })

const serverNow = () => Date.now() + trent.clockOffsetMs
const strip = <T extends { $metadata?: unknown }>({ $metadata: _m, ...rest }: T) => rest
const status = async (key: KeyMetadata) => strip(await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId })))
const currentMaterial = async (key: KeyMetadata) => (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.CurrentKeyMaterialId!
const rotations = async (key: KeyMetadata, extra: Partial<ListKeyRotationsRequest> = {}) =>
  (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, ...extra }))).Rotations!

async function newKey(): Promise<KeyMetadata> {
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  keys.push(key)
  return key
}

/** Encrypts under the key's current material and records the blob for later checks. */
async function seal(key: KeyMetadata, plaintext: string): Promise<void> {
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from(plaintext) }))
  made.push({ blob: CiphertextBlob!, plaintext, materialId: await currentMaterial(key), key })
}

async function assertAllDecrypt(): Promise<void> {
  for (const m of made) {
    const out = await kms.send(new DecryptCommand({ CiphertextBlob: m.blob }))
    assert.equal(Buffer.from(out.Plaintext!).toString(), m.plaintext)
    assert.equal(out.KeyMaterialId, m.materialId, m.plaintext)
    assert.equal(out.KeyId, m.key.Arn)
  }
}

function assertNear(actual: Date | undefined, expectedMs: number, slackMs = 60_000): void {
  assert.ok(actual instanceof Date, 'a date')
  assert.ok(Math.abs(actual.getTime() - expectedMs) <= slackMs, `${actual.toISOString()} is not near ${new Date(expectedMs).toISOString()}`)
}

test('a new key reports rotation disabled, with only KeyId (the ARN) and KeyRotationEnabled', async () => {
  const key = await newKey()
  assert.deepEqual(await status(key), { KeyId: key.Arn, KeyRotationEnabled: false })
})

test('EnableKeyRotation schedules 365 days by default or the given period; DisableKeyRotation clears it', async () => {
  const key = await newKey()
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }))
  const byDefault = await status(key)
  assert.deepEqual(Object.keys(byDefault).sort(), ['KeyId', 'KeyRotationEnabled', 'NextRotationDate', 'RotationPeriodInDays'])
  assert.equal(byDefault.KeyId, key.Arn)
  assert.equal(byDefault.KeyRotationEnabled, true)
  assert.equal(byDefault.RotationPeriodInDays, 365)
  assertNear(byDefault.NextRotationDate, serverNow() + 365 * DAY_MS)

  const other = await newKey()
  await kms.send(new EnableKeyRotationCommand({ KeyId: other.Arn, RotationPeriodInDays: 90 }))
  const ninety = await status(other)
  assert.equal(ninety.RotationPeriodInDays, 90)
  assertNear(ninety.NextRotationDate, serverNow() + 90 * DAY_MS)

  const range = (value: number, rule: string) => ({
    name: 'ValidationException',
    message: `1 validation error detected: Value '${value}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value ${rule}`,
  })
  await assert.rejects(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 89 })), range(89, 'greater than or equal to 90'))
  await assert.rejects(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 2561 })), range(2561, 'less than or equal to 2560'))
  assert.equal((await status(key)).RotationPeriodInDays, 365)

  await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }))
  assert.deepEqual(await status(key), { KeyId: key.Arn, KeyRotationEnabled: false })
})

test('rotation settings and on-demand rotation of a disabled key are DisabledException; its status still reads', async () => {
  const key = await newKey()
  await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
  const disabled = { name: 'DisabledException', message: `${key.Arn} is disabled.` }
  await assert.rejects(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })), disabled)
  await assert.rejects(kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })), disabled)
  await assert.rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })), disabled)
  assert.deepEqual(await status(key), { KeyId: key.Arn, KeyRotationEnabled: false })
  await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }))
})

test('RotateKeyOnDemand makes new current material, listed as ON_DEMAND; old ciphertext decrypts under the old material', async () => {
  const key = await newKey()
  const first = await currentMaterial(key)
  await seal(key, 'before on-demand rotation')
  assert.deepEqual(await rotations(key), [])

  const out = await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))
  assert.equal(out.KeyId, key.Arn)
  const second = await currentMaterial(key)
  assert.match(second, /^[a-f0-9]{64}$/)
  assert.notEqual(second, first)
  const listed = await rotations(key)
  assert.equal(listed.length, 1)
  assert.deepEqual({ ...listed[0], RotationDate: undefined }, {
    KeyId: key.KeyId, KeyMaterialId: second, KeyMaterialState: 'CURRENT', RotationType: 'ON_DEMAND', RotationDate: undefined,
  })
  assertNear(listed[0]!.RotationDate, serverNow())
  assert.deepEqual(await status(key), { KeyId: key.Arn, KeyRotationEnabled: false })

  await seal(key, 'after one on-demand rotation')
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.Arn }))
  const third = await currentMaterial(key)
  assert.deepEqual((await rotations(key)).map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.RotationType]), [
    [second, 'NON_CURRENT', 'ON_DEMAND'], [third, 'CURRENT', 'ON_DEMAND'],
  ])
  const all = await rotations(key, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })
  assert.deepEqual(all[0], { KeyId: key.KeyId, KeyMaterialId: first, KeyMaterialState: 'NON_CURRENT' })
  assert.deepEqual(all.map((r) => r.KeyMaterialId), [first, second, third])
  await assertAllDecrypt()
})

test('the 26th on-demand rotation of a key is LimitExceededException', async () => {
  const key = await newKey()
  for (let i = 0; i < 25; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))
  const before26 = await currentMaterial(key)
  await assert.rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })), {
    name: 'LimitExceededException',
    message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
  })
  assert.equal(await currentMaterial(key), before26)
  const listed = await rotations(key)
  assert.equal(listed.length, 25)
  assert.equal(listed.filter((r) => r.KeyMaterialState === 'CURRENT').length, 1)
  assert.equal(listed[24]!.KeyMaterialId, before26)
  assert.equal((await rotations(key, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).length, 26)
})

let auto: KeyMetadata
test('automatic rotation happens when the period has passed, once, and moves the next date a period on', async () => {
  auto = await newKey()
  await kms.send(new EnableKeyRotationCommand({ KeyId: auto.KeyId, RotationPeriodInDays: 90 }))
  const firstMaterial = await currentMaterial(auto)
  await seal(auto, 'before automatic rotation')

  await trent.advanceClock(89 * DAY)
  assert.deepEqual(await rotations(auto), [])
  assert.equal(await currentMaterial(auto), firstMaterial)

  await trent.advanceClock(2 * DAY)
  const listed = await rotations(auto)
  assert.equal(listed.length, 1)
  assert.equal(listed[0]!.RotationType, 'AUTOMATIC')
  assert.equal(listed[0]!.KeyMaterialState, 'CURRENT')
  assert.equal(listed[0]!.KeyMaterialId, await currentMaterial(auto))
  assertNear(listed[0]!.RotationDate, serverNow())
  const after = await status(auto)
  assert.equal(after.RotationPeriodInDays, 90)
  assertNear(after.NextRotationDate, listed[0]!.RotationDate!.getTime() + 90 * DAY_MS, 5_000)

  await trent.advanceClock(1)
  assert.equal((await rotations(auto)).length, 1)
  await seal(auto, 'after automatic rotation')
  await assertAllDecrypt()
})

test('a disabled key is not rotated while disabled, and is rotated as soon as it is enabled again', async () => {
  const key = await newKey()
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }))
  await seal(key, 'before disabling')
  await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
  await trent.advanceClock(91 * DAY)
  assert.deepEqual(await rotations(key), [])

  // Meanwhile the key of the previous test passed its second date, and rotated again.
  assert.deepEqual((await rotations(auto)).map((r) => [r.RotationType, r.KeyMaterialState]), [['AUTOMATIC', 'NON_CURRENT'], ['AUTOMATIC', 'CURRENT']])

  await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }))
  await trent.advanceClock(1)
  const listed = await rotations(key)
  assert.equal(listed.length, 1)
  assert.equal(listed[0]!.RotationType, 'AUTOMATIC')
  assertNear(listed[0]!.RotationDate, serverNow())
  assertNear((await status(key)).NextRotationDate, listed[0]!.RotationDate!.getTime() + 90 * DAY_MS, 5_000)
  await seal(key, 'after re-enabling')
  await assertAllDecrypt()
})

test('ListKeyRotations pages with Limit 1 through the same entries as one page', async () => {
  const key = await newKey()
  for (let i = 0; i < 3; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))
  for (const include of ['ROTATIONS_ONLY', 'ALL_KEY_MATERIAL'] as const) {
    const whole = await rotations(key, { IncludeKeyMaterial: include })
    assert.equal(whole.length, include === 'ALL_KEY_MATERIAL' ? 4 : 3)
    const paged: RotationsListEntry[] = []
    let marker: string | undefined
    for (let page = 1; ; page++) {
      const out = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: include, Limit: 1, Marker: marker }))
      assert.equal(out.Rotations!.length, 1)
      paged.push(...out.Rotations!)
      assert.equal(out.Truncated, page < whole.length)
      assert.equal(out.NextMarker === undefined, page === whole.length)
      if (!out.Truncated) break
      marker = out.NextMarker
    }
    assert.deepEqual(paged, whole)
  }
})

test('materials, rotation history and schedules survive a restart', async () => {
  const snapshot = async () => Promise.all(keys.map(async (k) => ({
    status: await status(k),
    material: await currentMaterial(k),
    rotations: await rotations(k, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
  })))
  const before = await snapshot()
  assert.equal(before.filter((s) => s.status.KeyRotationEnabled).length, 3)
  await trent.restart()
  assert.deepEqual(await snapshot(), before)
  await assertAllDecrypt()
  assert.equal(made.length, 6)
})

test('a key pending deletion reports rotation off and is not rotated; cancelling brings the schedule back', async () => {
  const key = await newKey()
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }))
  const { NextRotationDate } = await status(key)
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 30 }))
  assert.deepEqual(await status(key), { KeyId: key.Arn, KeyRotationEnabled: false })
  await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))
  await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }))
  assert.deepEqual(await status(key), { KeyId: key.Arn, KeyRotationEnabled: true, RotationPeriodInDays: 90, NextRotationDate })
})
