// Tags and key policies through the SDK: TagResource, UntagResource, ListResourceTags with AWS's tag
// rules, and GetKeyPolicy, PutKeyPolicy, ListKeyPolicies with AWS's default policy text.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateKeyCommand, GetKeyPolicyCommand, ListKeyPoliciesCommand, ListResourceTagsCommand, PutKeyPolicyCommand,
  TagResourceCommand, UntagResourceCommand, type KMSClient, type Tag,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { rejectsWith } from '../support/kms-assert.js'

let trent: TrentProcess
let kms: KMSClient
before(async () => { trent = await TrentProcess.start(); kms = trent.client() })
after(async () => { await trent.dispose() })

const createKey = async (tags?: Tag[]): Promise<string> => (await kms.send(new CreateKeyCommand({ Tags: tags }))).KeyMetadata!.KeyId!
const tagsOf = async (keyId: string): Promise<Tag[]> => (await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags!
const tag = (TagKey: string, TagValue: string): Tag => ({ TagKey, TagValue })
const numbered = (n: number, prefix = 't'): Tag[] => Array.from({ length: n }, (_, i) => tag(`${prefix}${i}`, `v${i}`))

test('TagResource replaces values in place and appends new keys; UntagResource removes only what it names', async () => {
  const keyId = await createKey([tag('a', '1'), tag('b', '2')])
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('b', '20'), tag('c', '3')] }))
  assert.deepEqual(await tagsOf(keyId), [tag('a', '1'), tag('b', '20'), tag('c', '3')])
  await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['a', 'not-there'] }))
  assert.deepEqual(await tagsOf(keyId), [tag('b', '20'), tag('c', '3')])
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('a', ''), tag('B', 'upper')] }))
  assert.deepEqual(await tagsOf(keyId), [tag('b', '20'), tag('c', '3'), tag('a', ''), tag('B', 'upper')])
})

test('ListResourceTags pages with Limit 2 in tag order', async () => {
  const tags = numbered(5)
  const keyId = await createKey(tags)
  const pages: Tag[][] = []
  let marker: string | undefined
  do {
    const page = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 2, Marker: marker }))
    assert.equal(page.Truncated, page.NextMarker !== undefined)
    pages.push(page.Tags!)
    marker = page.NextMarker
  } while (marker)
  assert.deepEqual(pages, [tags.slice(0, 2), tags.slice(2, 4), tags.slice(4)])
  const full = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))
  assert.deepEqual([full.Tags, full.Truncated, full.NextMarker], [tags, false, undefined])
})

test('tag keys beginning with aws: in any case are reserved', async () => {
  const keyId = await createKey([tag('kept', 'yes')])
  const reserved = { name: 'TagException', message: 'Tags beginning with aws: are reserved' }
  for (const key of ['aws:owner', 'AWS:owner', 'Aws:x']) {
    await rejectsWith(kms.send(new CreateKeyCommand({ Tags: [tag(key, 'v')] })), reserved)
    await rejectsWith(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('fine', 'v'), tag(key, 'v')] })), reserved)
  }
  assert.deepEqual(await tagsOf(keyId), [tag('kept', 'yes')])
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('awsome', 'v'), tag('my:aws:x', 'v')] }))
  assert.deepEqual((await tagsOf(keyId)).map((t) => t.TagKey), ['kept', 'awsome', 'my:aws:x'])
})

test('a tag key given twice in one request is refused', async () => {
  const keyId = await createKey()
  const duplicate = { name: 'TagException', message: 'Duplicate tag keys' }
  await rejectsWith(kms.send(new CreateKeyCommand({ Tags: [tag('x', '1'), tag('x', '2')] })), duplicate)
  await rejectsWith(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('x', '1'), tag('y', '0'), tag('x', '1')] })), duplicate)
  assert.deepEqual(await tagsOf(keyId), [])
})

test('a key holds at most 50 tags, counting the ones it already has', async () => {
  const tooMany = { name: 'TagException', message: 'Too many tags' }
  await rejectsWith(kms.send(new CreateKeyCommand({ Tags: numbered(51) })), tooMany)
  const keyId = await createKey(numbered(50))
  await rejectsWith(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('one-more', 'x')] })), tooMany)
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('t7', 'replaced')] }))
  const tags = await tagsOf(keyId)
  assert.equal(tags.length, 50)
  assert.deepEqual(tags[7], tag('t7', 'replaced'))
  await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['t0'] }))
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('one-more', 'x')] }))
  assert.deepEqual((await tagsOf(keyId)).at(-1), tag('one-more', 'x'))
})

test('over-long tag keys and values fail model validation at their member path', async () => {
  const keyId = await createKey()
  const longKey = 'k'.repeat(129)
  await rejectsWith(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag(longKey, 'v')] })), {
    name: 'ValidationException',
    message: `1 validation error detected: Value '${longKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
  })
  const longValue = 'v'.repeat(257)
  await rejectsWith(kms.send(new CreateKeyCommand({ Tags: [tag('ok', 'v'), tag('k', longValue)] })), {
    name: 'ValidationException',
    message: `1 validation error detected: Value '${longValue}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
  })
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [tag('k'.repeat(128), 'v'.repeat(256))] }))
  assert.equal((await tagsOf(keyId))[0]!.TagKey, 'k'.repeat(128))
})

const DEFAULT_POLICY = '{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n'
  + '    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::000000000000:root"\n    },\n    "Action" : "kms:*",\n'
  + '    "Resource" : "*"\n  } ]\n}'

test('a key made without a policy has AWS default policy, named default', async () => {
  const keyId = await createKey()
  const { Policy, PolicyName } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))
  assert.equal(Policy, DEFAULT_POLICY)
  assert.equal(PolicyName, 'default')
  assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy, DEFAULT_POLICY)
  const listed = await kms.send(new ListKeyPoliciesCommand({ KeyId: keyId }))
  assert.deepEqual([listed.PolicyNames, listed.Truncated, listed.NextMarker], [['default'], false, undefined])
})

test('PutKeyPolicy stores the document byte for byte; malformed documents and other policy names are refused', async () => {
  const keyId = await createKey()
  const policy = '{\r\n\t"Version":"2012-10-17",  "Statement" : [ {"Sid":"caf\u00e9", "Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},'
    + '"Action":"kms:*","Resource":"*"} ]  }\n'
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy }))
  assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy, policy)

  await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: '{"Statement": [' })), {
    name: 'MalformedPolicyDocumentException', message: 'The policy document is not valid JSON.',
  })
  await rejectsWith(kms.send(new CreateKeyCommand({ Policy: 'not json' })), {
    name: 'MalformedPolicyDocumentException', message: 'The policy document is not valid JSON.',
  })
  const noSuchPolicy = { name: 'NotFoundException', message: 'No such policy exists' }
  await rejectsWith(kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'other' })), noSuchPolicy)
  await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'other', Policy: DEFAULT_POLICY })), noSuchPolicy)
  assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy, policy)
})
