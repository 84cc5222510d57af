// Two Trent nodes on one PostgreSQL schema: what one node changes, the other sees at once or within the
// documented 1 s bound. The key cache lifetime is set to a minute here, so only the change feed
// (LISTEN/NOTIFY) can make the other node see a change in time: these tests would fail without it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand,
  ListResourceTagsCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms'
import { TrentCluster } from '../support/cluster.js'
import { rejectsWith } from '../support/kms-assert.js'

let cluster: TrentCluster
let a: KMSClient
let b: KMSClient
before(async () => {
  cluster = await TrentCluster.start({ nodes: 2, env: { TRENT_KEY_CACHE_MS: '60000' } })
  ;[a, b] = [cluster.node(0).client(), cluster.node(1).client()]
})
after(async () => { await cluster.dispose() })

const newKey = async (client: KMSClient) => (await client.send(new CreateKeyCommand({}))).KeyMetadata!
const encrypt = (client: KMSClient, keyId: string) => client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('across nodes') }))

/** Polls `probe` until it rejects the way `expected` says; answers how long that took. */
async function msUntilRejected(probe: () => Promise<unknown>, expected: { name: string; message: string }): Promise<number> {
  const started = Date.now()
  for (;;) {
    try { await probe() } catch (err) {
      await rejectsWith(Promise.reject(err), expected)
      return Date.now() - started
    }
    if (Date.now() - started > 5000) assert.fail('the other node never saw the change')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

test('a key created on node A is usable on node B at once, and ciphertexts cross nodes', async () => {
  const key = await newKey(a)
  const { CiphertextBlob } = await encrypt(b, key.KeyId!)
  const { Plaintext } = await a.send(new DecryptCommand({ CiphertextBlob }))
  assert.equal(Buffer.from(Plaintext!).toString(), 'across nodes')
})

test('a key disabled on A stops working on B within 1 s (B had it cached)', async () => {
  const key = await newKey(a)
  await encrypt(b, key.KeyId!)
  await a.send(new DisableKeyCommand({ KeyId: key.KeyId }))
  const ms = await msUntilRejected(() => encrypt(b, key.KeyId!), { name: 'DisabledException', message: `${key.Arn} is disabled.` })
  assert.ok(ms < 1000, `took ${ms} ms`)
})

test('a key scheduled for deletion on A stops working on B within 1 s', async () => {
  const key = await newKey(a)
  await encrypt(b, key.KeyId!)
  await a.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }))
  const ms = await msUntilRejected(() => encrypt(b, key.KeyId!), { name: 'KMSInvalidStateException', message: `${key.Arn} is pending deletion.` })
  assert.ok(ms < 1000, `took ${ms} ms`)
})

test('an alias moved on A is followed by B within 1 s', async () => {
  const [first, second] = [await newKey(a), await newKey(a)]
  await a.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: first.KeyId }))
  assert.equal((await b.send(new DescribeKeyCommand({ KeyId: 'alias/moving' }))).KeyMetadata?.KeyId, first.KeyId)
  await a.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: second.KeyId }))
  const started = Date.now()
  while ((await b.send(new DescribeKeyCommand({ KeyId: 'alias/moving' }))).KeyMetadata?.KeyId !== second.KeyId) {
    assert.ok(Date.now() - started < 1000, 'B still follows the old target after 1 s')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
})

test('concurrent TagResource and UpdateKeyDescription on one key from both nodes all succeed, none lost', async () => {
  const key = await newKey(a)
  const calls = Array.from({ length: 24 }, (_, i) => {
    const client = i % 2 ? a : b
    return i % 3 === 0
      ? client.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: `d${i}` }))
      : client.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: `t${i}`, TagValue: String(i) }] }))
  })
  await Promise.all(calls)
  const { Tags } = await b.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))
  const expected = Array.from({ length: 24 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `t${i}`)
  assert.deepEqual(Tags!.map((t) => t.TagKey).sort(), expected.sort())
  const description = (await a.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.Description!
  assert.match(description, /^d(0|3|6|9|12|15|18|21)$/)
})
