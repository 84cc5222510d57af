/**
 * CloudTrail's LookupEvents on Trent's endpoint: with requests signed by the SDKs' signer (signing name
 * `cloudtrail`) and with `aws cloudtrail lookup-events`, a second independent client.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateKeyCommand, EncryptCommand, type KeyMetadata } from '@aws-sdk/client-kms'
import { REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { signedCall } from '../support/signed-call.js'

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents'
const dir = mkdtempSync(join(tmpdir(), 'trent-lookup-'))
writeFileSync(join(dir, 'empty'), '')
const awsEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
  AWS_ACCESS_KEY_ID: ROOT_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: ROOT_CREDENTIALS.secretAccessKey, AWS_DEFAULT_REGION: REGION,
  AWS_CONFIG_FILE: join(dir, 'empty'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'empty'), AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '',
}
const noCli = spawnSync('aws', ['--version'], { env: awsEnv }).error ? 'the aws CLI is not installed' : false

let trent: TrentProcess
let key: KeyMetadata
before(async () => {
  trent = await TrentProcess.start()
  const kms = trent.client()
  key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  for (let i = 0; i < 5; i++) await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }))
})
after(async () => { await trent.dispose(); rmSync(dir, { recursive: true, force: true }) })

const lookup = (body: unknown) => signedCall(trent, { service: 'cloudtrail', target: TARGET, body })

test('events come newest first with the record as CloudTrailEvent, filtered by one attribute, paged by NextToken', async () => {
  const first = await lookup({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: key.Arn }], MaxResults: 4 })
  assert.equal(first.status, 200, JSON.stringify(first.json))
  const events = first.json['Events'] as Record<string, any>[]
  assert.deepEqual(events.map((e) => e['EventName']), ['Encrypt', 'Encrypt', 'Encrypt', 'Encrypt'])
  const e = events[0]!
  assert.equal(e['EventSource'], 'kms.amazonaws.com')
  assert.equal(e['ReadOnly'], 'true')
  assert.equal(e['Username'], 'root')
  assert.equal(e['AccessKeyId'], ROOT_CREDENTIALS.accessKeyId)
  assert.deepEqual(e['Resources'], [{ ResourceType: 'AWS::KMS::Key', ResourceName: key.Arn }])
  assert.equal(typeof e['EventTime'], 'number')
  const record = JSON.parse(e['CloudTrailEvent']) as Record<string, any>
  assert.equal(record['eventID'], e['EventId'])
  assert.equal(record['requestParameters'].keyId, key.KeyId)
  assert.ok(first.json['NextToken'])

  const second = await lookup({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: key.Arn }], MaxResults: 4, NextToken: first.json['NextToken'] })
  assert.deepEqual((second.json['Events'] as Record<string, any>[]).map((x) => x['EventName']), ['Encrypt', 'CreateKey'])
  assert.equal(second.json['NextToken'], undefined)

  const byName = await lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateKey' }] })
  assert.deepEqual((byName.json['Events'] as Record<string, any>[]).map((x) => JSON.parse(x['CloudTrailEvent']).responseElements.keyMetadata.keyId), [key.KeyId])
  const future = await lookup({ StartTime: Date.now() / 1000 + 3600 })
  assert.deepEqual(future.json['Events'], [])
})

test('the lookups are themselves recorded, as cloudtrail.amazonaws.com events', async () => {
  const query = { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'cloudtrail.amazonaws.com' }], MaxResults: 1 }
  await lookup(query)
  const r = await lookup(query) // finds the one before it
  const [e] = r.json['Events'] as Record<string, any>[]
  assert.equal(e!['EventName'], 'LookupEvents')
  assert.equal(JSON.parse(e!['CloudTrailEvent']).requestParameters.lookupAttributes[0].attributeKey, 'EventSource')
})

test('CloudTrail\'s exceptions for bad input; a KMS signing name is refused', async () => {
  const two = await lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'EventName', AttributeValue: 'b' }] })
  assert.equal(two.status, 400)
  assert.equal(two.json['__type'], 'InvalidLookupAttributesException')
  const badKey = await lookup({ LookupAttributes: [{ AttributeKey: 'Color', AttributeValue: 'red' }] })
  assert.equal(badKey.json['__type'], 'InvalidLookupAttributesException')
  assert.equal((await lookup({ MaxResults: 51 })).json['__type'], 'InvalidMaxResultsException')
  assert.equal((await lookup({ StartTime: 2000, EndTime: 1000 })).json['__type'], 'InvalidTimeRangeException')
  assert.equal((await lookup({ NextToken: 'garbage' })).json['__type'], 'InvalidNextTokenException')
  const wrongService = await signedCall(trent, { service: 'kms', target: TARGET, body: {} })
  assert.equal(wrongService.status, 400)
  assert.equal(wrongService.json['__type'], 'InvalidSignatureException')
})

test('aws cloudtrail lookup-events works against Trent', { skip: noCli }, async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('aws', ['--endpoint-url', trent.url, 'cloudtrail', 'lookup-events', '--lookup-attributes', `AttributeKey=ResourceName,AttributeValue=${key.Arn}`,
      '--max-items', '3'], { env: awsEnv, encoding: 'utf8', timeout: 60_000 }, (err, out, stderr) => (err ? reject(new Error(stderr)) : resolve(out)))
  })
  const out = JSON.parse(stdout) as { Events: Record<string, any>[]; NextToken?: string }
  assert.deepEqual(out.Events.map((e) => e['EventName']), ['Encrypt', 'Encrypt', 'Encrypt'])
  assert.equal(JSON.parse(out.Events[0]!['CloudTrailEvent']).resources[0].ARN, key.Arn)
  assert.ok(out.NextToken, 'the CLI pages with NextToken')
})
