// Aliases through the SDK: CreateAlias, UpdateAlias, DeleteAlias and ListAliases, with AWS's rules
// and messages for names, targets and key states.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, EncryptCommand, ListAliasesCommand,
  ScheduleKeyDeletionCommand, UpdateAliasCommand, type AliasListEntry, type KMSClient, type KeyMetadata,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { assertBetween, rejectsWith, serverNow } from '../support/kms-assert.js'

const PREFIX = 'arn:aws:kms:us-east-1:000000000000'
const PREFIX_RULE = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'
let trent: TrentProcess
let kms: KMSClient
let serial = 0
before(async () => { trent = await TrentProcess.start(); kms = trent.client() })
after(async () => { await trent.dispose() })

const createKey = async (): Promise<KeyMetadata> => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
/** A fresh alias name (each run of this file has its own server, so only uniqueness within it matters). */
const newName = (label: string): string => `alias/${label}-${++serial}`

async function aliasesOf(keyId: string, limit?: number): Promise<{ pages: AliasListEntry[][]; all: AliasListEntry[] }> {
  const pages: AliasListEntry[][] = []
  let marker: string | undefined
  do {
    const page = await kms.send(new ListAliasesCommand({ KeyId: keyId, Limit: limit, Marker: marker }))
    assert.equal(page.Truncated, page.NextMarker !== undefined)
    pages.push(page.Aliases!)
    marker = page.NextMarker
  } while (marker)
  return { pages, all: pages.flat() }
}

test('ListAliases shows every field; UpdateAlias moves the target and LastUpdatedDate; DeleteAlias removes it', async () => {
  const [first, second] = [await createKey(), await createKey()]
  const name = newName('fields')
  const lo = serverNow(trent)
  await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: first.Arn }))
  const hi = serverNow(trent)
  const [created] = (await aliasesOf(first.KeyId!)).all
  assert.deepEqual(created, {
    AliasName: name, AliasArn: `${PREFIX}:${name}`, TargetKeyId: first.KeyId, CreationDate: created!.CreationDate, LastUpdatedDate: created!.CreationDate,
  })
  assertBetween(created!.CreationDate, lo, hi)

  await trent.advanceClock(3600)
  const lo2 = serverNow(trent)
  await kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: second.KeyId }))
  const hi2 = serverNow(trent)
  assert.deepEqual((await aliasesOf(first.KeyId!)).all, [])
  const [updated] = (await aliasesOf(second.KeyId!)).all
  assert.deepEqual({ ...updated, LastUpdatedDate: undefined }, { ...created, TargetKeyId: second.KeyId, LastUpdatedDate: undefined })
  assertBetween(updated!.LastUpdatedDate, lo2, hi2)

  await kms.send(new DeleteAliasCommand({ AliasName: name }))
  assert.deepEqual((await aliasesOf(second.KeyId!)).all, [])
  const everything = (await kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases!.map((a) => a.AliasName)
  assert.equal(everything.includes(name), false)
})

test('ListAliases filters by KeyId and pages with Limit 2', async () => {
  const key = await createKey()
  const other = await createKey()
  const names = [1, 2, 3, 4, 5].map(() => newName('paged'))
  for (const name of names) await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }))
  await kms.send(new CreateAliasCommand({ AliasName: newName('other'), TargetKeyId: other.KeyId }))
  const { pages, all } = await aliasesOf(key.Arn!, 2)
  assert.deepEqual(pages.map((p) => p.length), [2, 2, 1])
  assert.deepEqual(all.map((a) => a.AliasName).sort(), [...names].sort())
  for (const a of all) assert.equal(a.TargetKeyId, key.KeyId)
  assert.deepEqual((await aliasesOf(other.KeyId!)).all.map((a) => a.TargetKeyId), [other.KeyId])
  await rejectsWith(kms.send(new ListAliasesCommand({ Marker: 'garbage' })), {
    name: 'InvalidMarkerException',
    message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.',
  })
})

test('alias names need the alias/ prefix, may not use alias/aws/, must match the model pattern, and are unique', async () => {
  const { KeyId } = await createKey()
  for (const send of [
    () => kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: KeyId })),
    () => kms.send(new UpdateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: KeyId })),
    () => kms.send(new DeleteAliasCommand({ AliasName: 'no-prefix' })),
  ]) await rejectsWith(send(), { name: 'ValidationException', message: PREFIX_RULE })
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/x', TargetKeyId: KeyId })), {
    name: 'NotAuthorizedException', message: 'The alias/aws/ prefix is reserved for AWS managed keys.',
  })
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: 'alias/bad name', TargetKeyId: KeyId })), {
    name: 'ValidationException',
    message: "1 validation error detected: Value 'alias/bad name' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
  })
  const name = newName('dup')
  await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: KeyId }))
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: KeyId })), {
    name: 'AlreadyExistsException', message: `An alias with the name ${PREFIX}:${name} already exists`,
  })
  const x = 'alias/x'
  await kms.send(new CreateAliasCommand({ AliasName: x, TargetKeyId: KeyId }))
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: x, TargetKeyId: KeyId })), {
    name: 'AlreadyExistsException', message: 'An alias with the name arn:aws:kms:us-east-1:000000000000:alias/x already exists',
  })
})

test('missing aliases and missing or aliased targets are refused', async () => {
  const key = await createKey()
  const missing = newName('missing')
  await rejectsWith(kms.send(new DeleteAliasCommand({ AliasName: missing })), { name: 'NotFoundException', message: `Alias ${PREFIX}:${missing} is not found.` })
  await rejectsWith(kms.send(new UpdateAliasCommand({ AliasName: missing, TargetKeyId: key.KeyId })), {
    name: 'NotFoundException', message: `Alias ${PREFIX}:${missing} is not found.`,
  })
  const name = newName('target')
  await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }))
  const again = newName('via-alias')
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: again, TargetKeyId: name })), { name: 'NotFoundException', message: `Invalid keyId '${name}'` })
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: again, TargetKeyId: `${PREFIX}:${name}` })), {
    name: 'InvalidArnException', message: 'Key Aliases are not supported for this operation.',
  })
  await rejectsWith(kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: name })), { name: 'NotFoundException', message: `Invalid keyId '${name}'` })
  const ghost = '00000000-0000-4000-8000-000000000000'
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: again, TargetKeyId: ghost })), {
    name: 'NotFoundException', message: `Key '${PREFIX}:key/${ghost}' does not exist`,
  })
  assert.deepEqual((await aliasesOf(key.KeyId!)).all.map((a) => a.AliasName), [name])
})

test('an alias cannot be pointed at a key pending deletion', async () => {
  const [live, doomed] = [await createKey(), await createKey()]
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }))
  const expected = { name: 'KMSInvalidStateException', message: `${doomed.Arn} is pending deletion.` }
  await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: newName('doomed'), TargetKeyId: doomed.KeyId })), expected)
  const name = newName('live')
  await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: live.KeyId }))
  await rejectsWith(kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: doomed.KeyId })), expected)
  assert.deepEqual((await aliasesOf(live.KeyId!)).all.map((a) => a.AliasName), [name])
})

test('Encrypt through an alias uses the key it points at now', async () => {
  const [first, second] = [await createKey(), await createKey()]
  const name = newName('moving')
  await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: first.KeyId }))
  const before = await kms.send(new EncryptCommand({ KeyId: name, Plaintext: Buffer.from('one') }))
  assert.equal(before.KeyId, first.Arn)
  await kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: second.Arn }))
  const after = await kms.send(new EncryptCommand({ KeyId: `${PREFIX}:${name}`, Plaintext: Buffer.from('two') }))
  assert.equal(after.KeyId, second.Arn)
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))
  assert.deepEqual([decrypted.KeyId, Buffer.from(decrypted.Plaintext!).toString()], [second.Arn, 'two'])
  const old = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))
  assert.deepEqual([old.KeyId, Buffer.from(old.Plaintext!).toString()], [first.Arn, 'one'])
  await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob, KeyId: name })), {
    name: 'IncorrectKeyException', message: 'The key ID in the request does not identify a CMK that can perform this operation.',
  })
})
