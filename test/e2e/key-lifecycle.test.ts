// Key lifecycle through the SDK: CreateKey defaults, key references, paging, state changes, the deletion
// window on Trent's dev clock, and persistence across a restart. Tests run in order and share one server;
// each makes its own keys, and the clock only moves forward in the last tests.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand,
  EnableKeyCommand, EncryptCommand, GetKeyPolicyCommand, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UpdateKeyDescriptionCommand, type CreateKeyCommandInput, type KMSClient,
  type KeyMetadata,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { assertBetween, DAY_MS, DAY_SECONDS, rejectsWith, serverNow } from '../support/kms-assert.js'

const PREFIX = 'arn:aws:kms:us-east-1:000000000000'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
let trent: TrentProcess
let kms: KMSClient
before(async () => { trent = await TrentProcess.start(); kms = trent.client() })
after(async () => { await trent.dispose() })

const createKey = async (input: CreateKeyCommandInput = {}): Promise<KeyMetadata> => (await kms.send(new CreateKeyCommand(input))).KeyMetadata!
const describe = async (keyId: string): Promise<KeyMetadata> => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
const pendingDeletion = (arn: string) => ({ name: 'KMSInvalidStateException', message: `${arn} is pending deletion.` })

async function allKeyIds(limit?: number): Promise<string[]> {
  const ids: string[] = []
  let marker: string | undefined
  do {
    const page = await kms.send(new ListKeysCommand({ Limit: limit, Marker: marker }))
    if (limit) assert.ok(page.Keys!.length <= limit)
    assert.equal(page.Truncated, page.NextMarker !== undefined)
    for (const k of page.Keys!) { assert.equal(k.KeyArn, `${PREFIX}:key/${k.KeyId}`); ids.push(k.KeyId!) }
    marker = page.NextMarker
  } while (marker)
  return ids
}

async function aliasNames(): Promise<string[]> {
  return (await kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases!.map((a) => a.AliasName!)
}

test('CreateKey with no input returns AWS defaults in every KeyMetadata field, and DescribeKey agrees', async () => {
  const lo = serverNow(trent)
  const md = await createKey()
  const hi = serverNow(trent)
  assert.match(md.KeyId!, UUID)
  assert.match(md.CurrentKeyMaterialId!, /^[0-9a-f]{64}$/)
  assertBetween(md.CreationDate, lo, hi)
  assert.deepEqual(md, {
    AWSAccountId: '000000000000', KeyId: md.KeyId, Arn: `${PREFIX}:key/${md.KeyId}`, CreationDate: md.CreationDate,
    Enabled: true, Description: '', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeySpec: 'SYMMETRIC_DEFAULT', EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false, CurrentKeyMaterialId: md.CurrentKeyMaterialId,
  })
  assert.deepEqual(await describe(md.KeyId!), md)
})

test('CreateKey keeps the Description, Tags and Policy it is given', async () => {
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}'
  const tags = [{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'env', TagValue: '' }]
  const md = await createKey({ Description: 'orders at rest', Tags: tags, Policy: policy })
  assert.equal(md.Description, 'orders at rest')
  assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: md.KeyId }))).Tags, tags)
  assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: md.KeyId }))).Policy, policy)
})

test('CreateKey rejects KeySpec with CustomerMasterKeySpec, unsupported specs and incompatible usages', async () => {
  await rejectsWith(kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' })), {
    name: 'ValidationException', message: 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
  })
  await rejectsWith(kms.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })), {
    name: 'UnsupportedOperationException',
    message: 'KeySpec SM2 is not supported by this version of Trent. Supported: SYMMETRIC_DEFAULT, RSA_2048, RSA_3072, RSA_4096, '
      + 'ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, ECC_NIST_EDWARDS25519, ML_DSA_44, ML_DSA_65, ML_DSA_87, '
      + 'HMAC_224, HMAC_256, HMAC_384, HMAC_512.',
  })
  await rejectsWith(kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'SIGN_VERIFY' })), {
    name: 'ValidationException', message: 'KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT',
  })
  const legacy = await createKey({ CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' })
  assert.equal(legacy.KeySpec, 'SYMMETRIC_DEFAULT')
})

test('DescribeKey finds a key by key id, key ARN, alias name and alias ARN', async () => {
  const md = await createKey()
  const alias = `alias/lifecycle-${md.KeyId}`
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: md.KeyId }))
  for (const ref of [md.KeyId!, md.Arn!, alias, `${PREFIX}:${alias}`]) assert.deepEqual(await describe(ref), md, ref)
})

test('unknown, malformed and foreign key references fail with AWS messages', async () => {
  const missing = randomUUID()
  const notFound = `Key '${PREFIX}:key/${missing}' does not exist`
  await rejectsWith(describe(missing), { name: 'NotFoundException', message: notFound })
  await rejectsWith(describe(`${PREFIX}:key/${missing}`), { name: 'NotFoundException', message: notFound })
  await rejectsWith(describe('foo'), { name: 'NotFoundException', message: "Invalid keyId 'foo'" })
  const { KeyId } = await createKey()
  await rejectsWith(describe(`arn:aws:kms:us-west-2:000000000000:key/${KeyId}`), { name: 'NotFoundException', message: 'Invalid arn us-west-2' })
  await rejectsWith(describe('alias/no-such-alias'), {
    name: 'NotFoundException', message: `Alias ${PREFIX}:alias/no-such-alias is not found.`,
  })
  const alias = `alias/enable-${KeyId}`
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyId }))
  await rejectsWith(kms.send(new EnableKeyCommand({ KeyId: `${PREFIX}:${alias}` })), {
    name: 'InvalidArnException', message: 'Key Aliases are not supported for this operation.',
  })
})

test('ListKeys pages with Limit 2 and finds every key exactly once; a garbage Marker is refused', async () => {
  const made = await Promise.all([1, 2, 3, 4, 5].map(() => createKey()))
  const ids = await allKeyIds(2)
  assert.equal(new Set(ids).size, ids.length, 'no key is listed twice')
  for (const md of made) assert.ok(ids.includes(md.KeyId!), `${md.KeyId} listed`)
  const first = await kms.send(new ListKeysCommand({ Limit: 2 }))
  assert.equal(first.Keys!.length, 2)
  assert.equal(first.Truncated, true)
  assert.equal(typeof first.NextMarker, 'string')
  await rejectsWith(kms.send(new ListKeysCommand({ Marker: 'garbage' })), {
    name: 'InvalidMarkerException',
    message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.',
  })
})

test('UpdateKeyDescription, DisableKey and EnableKey show in DescribeKey; a disabled key cannot encrypt', async () => {
  const md = await createKey({ Description: 'before' })
  await kms.send(new UpdateKeyDescriptionCommand({ KeyId: md.KeyId, Description: 'after' }))
  assert.equal((await describe(md.KeyId!)).Description, 'after')
  await kms.send(new DisableKeyCommand({ KeyId: md.Arn }))
  const disabled = await describe(md.KeyId!)
  assert.deepEqual([disabled.KeyState, disabled.Enabled], ['Disabled', false])
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') })), { name: 'DisabledException', message: `${md.Arn} is disabled.` })
  await kms.send(new DisableKeyCommand({ KeyId: md.KeyId })) // disabling twice is allowed
  await kms.send(new EnableKeyCommand({ KeyId: md.KeyId }))
  const enabled = await describe(md.KeyId!)
  assert.deepEqual([enabled.KeyState, enabled.Enabled], ['Enabled', true])
  const { KeyId } = await kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') }))
  assert.equal(KeyId, md.Arn)
})

test('ScheduleKeyDeletion defaults to 30 days and freezes the key until CancelKeyDeletion, which leaves it Disabled', async () => {
  const md = await createKey()
  const lo = serverNow(trent)
  const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId }))
  const hi = serverNow(trent)
  const { $metadata: _m, DeletionDate, ...rest } = scheduled
  assert.deepEqual(rest, { KeyId: md.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 30 })
  assertBetween(DeletionDate, lo, hi, 30 * DAY_MS)

  await rejectsWith(kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId })), pendingDeletion(md.Arn!))
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') })), pendingDeletion(md.Arn!))
  await rejectsWith(kms.send(new EnableKeyCommand({ KeyId: md.KeyId })), pendingDeletion(md.Arn!))
  await rejectsWith(kms.send(new DisableKeyCommand({ KeyId: md.KeyId })), pendingDeletion(md.Arn!))
  await rejectsWith(kms.send(new TagResourceCommand({ KeyId: md.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })), pendingDeletion(md.Arn!))
  await rejectsWith(kms.send(new UpdateKeyDescriptionCommand({ KeyId: md.KeyId, Description: 'd' })), pendingDeletion(md.Arn!))

  const pending = await describe(md.KeyId!)
  assert.deepEqual([pending.KeyState, pending.Enabled], ['PendingDeletion', false])
  assert.equal(pending.DeletionDate!.getTime(), DeletionDate!.getTime())

  const cancelled = await kms.send(new CancelKeyDeletionCommand({ KeyId: md.KeyId }))
  assert.equal(cancelled.KeyId, md.Arn)
  const back = await describe(md.KeyId!)
  assert.deepEqual([back.KeyState, back.Enabled, back.DeletionDate], ['Disabled', false, undefined])
  assert.equal('DeletionDate' in back, false)
  await rejectsWith(kms.send(new CancelKeyDeletionCommand({ KeyId: md.KeyId })), {
    name: 'KMSInvalidStateException', message: `${md.Arn} is not pending deletion (or pending replica deletion).`,
  })
})

test('ScheduleKeyDeletion accepts 7 days and refuses windows outside 7..30', async () => {
  const md = await createKey()
  for (const days of [6, 31]) {
    await rejectsWith(kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: days })), {
      name: 'ValidationException', message: 'PendingWindowInDays must be between 7 and 30',
    })
  }
  assert.equal((await describe(md.KeyId!)).KeyState, 'Enabled')
  const lo = serverNow(trent)
  const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 7 }))
  assert.equal(scheduled.PendingWindowInDays, 7)
  assertBetween(scheduled.DeletionDate, lo, serverNow(trent), 7 * DAY_MS)
})

test('keys, states, descriptions, tags, aliases, policies and deletion dates survive a restart', async () => {
  const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "kms:*", "Resource": "*"}]\n}'
  const a = await createKey({ Description: 'kept', Tags: [{ TagKey: 'k', TagValue: 'v' }], Policy: policy })
  await kms.send(new CreateAliasCommand({ AliasName: `alias/restart-${a.KeyId}`, TargetKeyId: a.KeyId }))
  const b = await createKey()
  await kms.send(new DisableKeyCommand({ KeyId: b.KeyId }))
  const c = await createKey()
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: c.KeyId, PendingWindowInDays: 9 }))
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: Buffer.from('kept') }))
  const snapshot = async () => ({
    described: await Promise.all([a, b, c].map((k) => describe(k.KeyId!))),
    tags: (await kms.send(new ListResourceTagsCommand({ KeyId: a.KeyId }))).Tags,
    aliases: (await kms.send(new ListAliasesCommand({ KeyId: a.KeyId }))).Aliases,
    policy: (await kms.send(new GetKeyPolicyCommand({ KeyId: a.KeyId }))).Policy,
  })
  const beforeRestart = await snapshot()
  assert.deepEqual(beforeRestart.described.map((m) => m.KeyState), ['Enabled', 'Disabled', 'PendingDeletion'])
  await trent.restart()
  assert.deepEqual(await snapshot(), beforeRestart)
  const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }))
  assert.equal(Buffer.from(Plaintext!).toString(), 'kept')
})

test('30 days and a second after ScheduleKeyDeletion the key, its aliases and its ciphertexts are gone', async () => {
  const md = await createKey()
  const alias = `alias/doomed-${md.KeyId}`
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: md.KeyId }))
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: alias, Plaintext: Buffer.from('bye') }))
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId }))
  await trent.advanceClock(30 * DAY_SECONDS - 60)
  assert.equal((await describe(md.KeyId!)).KeyState, 'PendingDeletion')
  await trent.advanceClock(61)
  await rejectsWith(describe(md.KeyId!), { name: 'NotFoundException', message: `Key '${md.Arn}' does not exist` })
  assert.equal((await allKeyIds()).includes(md.KeyId!), false)
  assert.equal((await aliasNames()).includes(alias), false)
  await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob })), {
    name: 'AccessDeniedException',
    message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  })
})

test('a key scheduled for 7 days is still there after 6 days and gone after 7', async () => {
  const md = await createKey()
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 7 }))
  await trent.advanceClock(6 * DAY_SECONDS)
  assert.equal((await describe(md.KeyId!)).KeyState, 'PendingDeletion')
  await trent.advanceClock(DAY_SECONDS + 1)
  await rejectsWith(describe(md.KeyId!), { name: 'NotFoundException', message: `Key '${md.Arn}' does not exist` })
})

test('a key whose deletion was cancelled outlives its old deletion date', async () => {
  const md = await createKey()
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 7 }))
  await kms.send(new CancelKeyDeletionCommand({ KeyId: md.KeyId }))
  await trent.advanceClock(8 * DAY_SECONDS)
  const kept = await describe(md.KeyId!)
  assert.deepEqual([kept.KeyState, kept.DeletionDate], ['Disabled', undefined])
  assert.ok((await allKeyIds()).includes(md.KeyId!))
})
