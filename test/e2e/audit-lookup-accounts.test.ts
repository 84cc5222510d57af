/**
 * LookupEvents and GetKeyLastUsage with two accounts on one Trent: each account's root sees only its own
 * account's events, an IAM user of the second account allowed cloudtrail:LookupEvents sees nothing of the
 * first, and a NextToken of one account does not page through another's trail.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateKeyCommand, EncryptCommand, GetKeyLastUsageCommand, type KeyMetadata } from '@aws-sdk/client-kms'
import { ACCOUNT_ID, TrentProcess } from '../support/server.js'
import { identityPolicy, newUser, type Creds } from '../support/iam.js'
import { signedCall } from '../support/signed-call.js'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')
const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents'
const OTHER = '444455556666'
const KMS_ONLY = [{ AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' }]

let trent: TrentProcess
let otherRoot: Creds
let auditor: Creds
let keyA: KeyMetadata
let keyB: KeyMetadata

before(async () => {
  trent = await TrentProcess.start()
  const created = spawnSync(process.execPath, [MAIN, 'account', 'create', '--account-id', OTHER], { env: { PATH: process.env['PATH'] ?? '', TRENT_DATA_DIR: trent.dataDir }, encoding: 'utf8' })
  assert.equal(created.status, 0, created.stderr)
  otherRoot = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(created.stdout)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(created.stdout)![1]! }
  const [a, b] = [trent.client(), trent.client(otherRoot)]
  keyA = (await a.send(new CreateKeyCommand({ Description: 'a' }))).KeyMetadata!
  await a.send(new EncryptCommand({ KeyId: keyA.KeyId, Plaintext: Buffer.from('x') }))
  keyB = (await b.send(new CreateKeyCommand({ Description: 'b' }))).KeyMetadata!
  await b.send(new EncryptCommand({ KeyId: keyB.KeyId, Plaintext: Buffer.from('x') }))
  await b.send(new EncryptCommand({ KeyId: keyB.KeyId, Plaintext: Buffer.from('y') }))
  auditor = await newUser(trent, 'auditor', identityPolicy({ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }), otherRoot)
})
after(async () => { await trent.dispose() })

const lookup = (body: Record<string, unknown>, credentials?: Creds) =>
  signedCall(trent, { service: 'cloudtrail', target: TARGET, body, ...(credentials ? { credentials } : {}) })
type Event = { EventName: string; Resources: { ResourceName: string }[]; CloudTrailEvent: string }
const events = async (body: Record<string, unknown>, credentials?: Creds): Promise<Event[]> => {
  const res = await lookup(body, credentials)
  assert.equal(res.status, 200, JSON.stringify(res.json))
  return res.json['Events'] as Event[]
}
const summary = (es: Event[]) => es.map((e) => [e.EventName, e.Resources.map((r) => r.ResourceName)])
const recipients = (es: Event[]) => new Set(es.map((e) => (JSON.parse(e.CloudTrailEvent) as { recipientAccountId: string }).recipientAccountId))

test("each account's root sees exactly its own account's events", async () => {
  assert.deepEqual(summary(await events({ LookupAttributes: KMS_ONLY })), [['Encrypt', [keyA.Arn]], ['CreateKey', [keyA.Arn]]])
  assert.deepEqual(summary(await events({ LookupAttributes: KMS_ONLY }, otherRoot)),
    [['Encrypt', [keyB.Arn]], ['Encrypt', [keyB.Arn]], ['CreateKey', [keyB.Arn]]])
  const allA = await events({})
  const allB = await events({}, otherRoot)
  assert.deepEqual(recipients(allA), new Set([ACCOUNT_ID]))
  assert.deepEqual(recipients(allB), new Set([OTHER]))
  assert.ok(!allA.some((e) => e.Resources.some((r) => r.ResourceName === keyB.Arn)))
  assert.ok(!allB.some((e) => e.Resources.some((r) => r.ResourceName === keyA.Arn)))
  // Naming the other account's key or user finds nothing, rather than that account's records.
  assert.deepEqual(await events({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyB.Arn }] }), [])
  assert.deepEqual(await events({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'auditor' }] }), [])
})

test('an IAM user of the second account with cloudtrail:LookupEvents sees nothing of the first', async () => {
  const seen = await events({}, auditor)
  assert.deepEqual(recipients(seen), new Set([OTHER]))
  assert.ok(!seen.some((e) => e.Resources.some((r) => r.ResourceName === keyA.Arn)))
  assert.deepEqual(summary(await events({ LookupAttributes: KMS_ONLY }, auditor)),
    [['Encrypt', [keyB.Arn]], ['Encrypt', [keyB.Arn]], ['CreateKey', [keyB.Arn]]])
  assert.deepEqual(await events({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyA.Arn }] }, auditor), [])
})

test("one account's NextToken does not page into another account's trail", async () => {
  const first = await lookup({ LookupAttributes: KMS_ONLY, MaxResults: 1 })
  const token = first.json['NextToken'] as string
  assert.ok(token)
  const replayed = await lookup({ LookupAttributes: KMS_ONLY, MaxResults: 1, NextToken: token }, otherRoot)
  assert.equal(replayed.status, 400)
  assert.equal(replayed.json['__type'], 'InvalidNextTokenException')
  const own = await lookup({ LookupAttributes: KMS_ONLY, MaxResults: 1, NextToken: token })
  assert.deepEqual(summary(own.json['Events'] as Event[]), [['CreateKey', [keyA.Arn]]])
})

test("GetKeyLastUsage reports the key's own account's use and is authorized like other key operations", async () => {
  const usage = await trent.client().send(new GetKeyLastUsageCommand({ KeyId: keyA.KeyId }))
  assert.equal(usage.KeyLastUsage?.Operation, 'Encrypt')
  await assert.rejects(trent.client(otherRoot).send(new GetKeyLastUsageCommand({ KeyId: keyA.Arn })), { name: 'AccessDeniedException' })
  await assert.rejects(trent.client(auditor).send(new GetKeyLastUsageCommand({ KeyId: keyB.KeyId })), { name: 'AccessDeniedException' })
})
