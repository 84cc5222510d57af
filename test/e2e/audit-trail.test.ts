/**
 * The audit trail end to end: one CloudTrail-format record per call (allowed, failed, unauthenticated,
 * unknown), never a plaintext, ciphertext or data key; state changes with responseElements from the
 * committed key; AwsServiceEvents for deletion and rotation; GetKeyLastUsage from the trail.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand,
  GetKeyLastUsageCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { DAY_SECONDS, rejectsWith } from '../support/kms-assert.js'
import { auditRecords } from '../support/audit-db.js'

let trent: TrentProcess
let kms: KMSClient
before(async () => { trent = await TrentProcess.start({ env: { TRENT_DEBUG_COUNTERS: '1' } }); kms = trent.client() })
after(async () => { await trent.dispose() })

const byRequest = (requestId: string | undefined) => auditRecords(trent.dataDir).filter((r) => r.record['requestID'] === requestId)

test('each call leaves exactly one record; encryption context is recorded, plaintext, ciphertext and data keys never', async () => {
  const before = auditRecords(trent.dataDir).length
  const created = await kms.send(new CreateKeyCommand({ Description: 'audited' }))
  const keyId = created.KeyMetadata!.KeyId!
  const arn = created.KeyMetadata!.Arn!
  const plaintext = Buffer.from('the secret plaintext 0123456789')
  const context = { Department: 'Finance', purpose: 'audit test' }
  const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }))
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context }))
  const gdk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))
  const all = auditRecords(trent.dataDir)
  assert.equal(all.length - before, 4)
  const forbidden = [plaintext, Buffer.from(enc.CiphertextBlob!), Buffer.from(dec.Plaintext!), Buffer.from(gdk.Plaintext!), Buffer.from(gdk.CiphertextBlob!)]
  for (const r of all) {
    for (const secret of forbidden) {
      assert.ok(!r.text.includes(secret.toString('base64')) && !r.text.includes(secret.toString('utf8')), `record ${r.seq} leaks a secret`)
    }
    assert.ok(!r.text.includes(ROOT_CREDENTIALS.secretAccessKey) && !r.text.includes('Signature='), `record ${r.seq} leaks a credential`)
  }

  const [create] = byRequest(created.$metadata.requestId)
  assert.ok(create)
  const c = create.record
  assert.equal(c['eventName'], 'CreateKey')
  assert.equal(c['eventSource'], 'kms.amazonaws.com')
  assert.equal(c['eventType'], 'AwsApiCall')
  assert.equal(c['eventCategory'], 'Management')
  assert.equal(c['managementEvent'], true)
  assert.equal(c['readOnly'], false)
  assert.equal(c['awsRegion'], REGION)
  assert.equal(c['recipientAccountId'], ACCOUNT_ID)
  assert.equal(c['sourceIPAddress'], '127.0.0.1')
  assert.match(c['userAgent'], /aws-sdk-js/)
  assert.deepEqual(c['userIdentity'], {
    type: 'Root', principalId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:root`, accountId: ACCOUNT_ID, accessKeyId: ROOT_CREDENTIALS.accessKeyId,
  })
  assert.deepEqual(c['requestParameters'], { description: 'audited' })
  assert.equal(c['responseElements'].keyMetadata.keyId, keyId)
  assert.equal(c['responseElements'].keyMetadata.aWSAccountId, ACCOUNT_ID)
  assert.equal(c['responseElements'].keyMetadata.keyState, 'Enabled')
  assert.deepEqual(c['resources'], [{ accountId: ACCOUNT_ID, type: 'AWS::KMS::Key', ARN: arn }])
  assert.match(c['eventTime'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  assert.equal('errorCode' in c, false)

  const [e] = byRequest(enc.$metadata.requestId)
  assert.deepEqual(e!.record['requestParameters'], { keyId, encryptionContext: context, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
  assert.equal(e!.record['responseElements'], null)
  assert.equal(e!.record['readOnly'], true)
  assert.deepEqual(e!.record['resources'], [{ accountId: ACCOUNT_ID, type: 'AWS::KMS::Key', ARN: arn }])
  const [d] = byRequest(dec.$metadata.requestId)
  // Decrypt names no key: the key comes from the ciphertext, and still appears in resources.
  assert.deepEqual(d!.record['requestParameters'], { encryptionContext: context, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
  assert.deepEqual(d!.record['resources'], [{ accountId: ACCOUNT_ID, type: 'AWS::KMS::Key', ARN: arn }])
  const [g] = byRequest(gdk.$metadata.requestId)
  assert.deepEqual(g!.record['requestParameters'], { keyId, keySpec: 'AES_256' })
})

test('a failed call records errorCode and errorMessage', async () => {
  const missing = '11111111-2222-3333-4444-555555555555'
  const err = await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: missing })), { name: 'NotFoundException', message: /does not exist/ })
  const [r] = byRequest(err.$metadata?.requestId)
  assert.equal(r!.record['eventName'], 'DescribeKey')
  assert.equal(r!.record['errorCode'], 'NotFoundException')
  assert.equal(r!.record['errorMessage'], `Key 'arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${missing}' does not exist`)
  assert.deepEqual(r!.record['requestParameters'], { keyId: missing })
})

test('a call with a bad signature is recorded with the access key id it claimed, and an unknown operation too', async () => {
  const forged = trent.client({ accessKeyId: ROOT_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret-0000000000000000000000000' })
  const err = await rejectsWith(forged.send(new DescribeKeyCommand({ KeyId: 'alias/x' })), { name: 'InvalidSignatureException', message: /signature/ })
  const [r] = byRequest(err.$metadata?.requestId)
  assert.deepEqual(r!.record['userIdentity'], { type: 'Unknown', accessKeyId: ROOT_CREDENTIALS.accessKeyId })
  assert.equal(r!.record['errorCode'], 'InvalidSignatureException')
  assert.equal(r!.record['requestParameters'], null)

  const res = await fetch(trent.url, { method: 'POST', headers: { 'x-amz-target': 'TrentService.FlyToTheMoon', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' })
  assert.equal(res.status, 400)
  const [u] = byRequest(res.headers.get('x-amzn-requestid') ?? '')
  assert.equal(u!.record['eventName'], 'FlyToTheMoon')
  assert.equal(u!.record['errorCode'], 'UnknownOperationException')
  assert.deepEqual(u!.record['userIdentity'], { type: 'Unknown' })

  // Refused by the HTTP front before dispatch: still one record each.
  const wrongPath = await fetch(`${trent.url}/not-kms`, { method: 'POST', body: '{}' })
  assert.equal(wrongPath.status, 400)
  const [p] = byRequest(wrongPath.headers.get('x-amzn-requestid') ?? '')
  assert.equal(p!.record['errorCode'], 'UnknownOperationException')
  assert.equal(p!.record['errorMessage'], 'No KMS endpoint at POST /not-kms.')
  const tooLarge = await fetch(trent.url, { method: 'POST', headers: { 'x-amz-target': 'TrentService.Encrypt' }, body: Buffer.alloc(300 * 1024) })
  assert.equal(tooLarge.status, 413)
  const [t] = byRequest(tooLarge.headers.get('x-amzn-requestid') ?? '')
  assert.equal(t!.record['eventName'], 'Encrypt')
  assert.equal(t!.record['errorCode'], 'RequestEntityTooLargeException')
})

test('deletion at the end of the waiting period and automatic rotation are AwsServiceEvents', async () => {
  const doomed = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const rotating = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }))
  const [s] = byRequest(scheduled.$metadata.requestId)
  assert.equal(s!.record['responseElements'].keyId, doomed.Arn)
  assert.equal(s!.record['responseElements'].keyState, 'PendingDeletion')
  assert.equal(s!.record['responseElements'].pendingWindowInDays, 7)
  assert.match(s!.record['responseElements'].deletionDate, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M$/)
  await kms.send(new EnableKeyRotationCommand({ KeyId: rotating.KeyId, RotationPeriodInDays: 90 }))
  await trent.advanceClock(91 * DAY_SECONDS)

  const events = auditRecords(trent.dataDir).filter((r) => r.record['eventType'] === 'AwsServiceEvent')
  const deleted = events.find((r) => r.record['eventName'] === 'DeleteKey')!.record
  assert.deepEqual(deleted['userIdentity'], { accountId: ACCOUNT_ID, invokedBy: 'AWS Internal' })
  assert.equal(deleted['sourceIPAddress'], 'AWS Internal')
  assert.deepEqual(deleted['responseElements'], { keyId: doomed.Arn })
  assert.deepEqual(deleted['resources'], [{ accountId: ACCOUNT_ID, type: 'AWS::KMS::Key', ARN: doomed.Arn }])
  const rotated = events.find((r) => r.record['eventName'] === 'RotateKey')!.record
  assert.equal(rotated['resources'][0].ARN, rotating.Arn)
  assert.equal(rotated['serviceEventDetails'].rotationType, 'AUTOMATIC')
  assert.equal(rotated['serviceEventDetails'].previousKeyMaterialId, rotating.CurrentKeyMaterialId)
  assert.notEqual(rotated['serviceEventDetails'].currentKeyMaterialId, rotating.CurrentKeyMaterialId)
})

test('GetKeyLastUsage reports the newest successful cryptographic operation from the trail', async () => {
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const none = await kms.send(new GetKeyLastUsageCommand({ KeyId: key.KeyId }))
  assert.deepEqual(none.KeyLastUsage, {})
  assert.equal(none.KeyId, key.KeyId)
  assert.equal(none.KeyCreationDate?.getTime(), key.CreationDate?.getTime())
  assert.equal(none.TrackingStartDate?.getTime(), key.CreationDate?.getTime())
  const enc = await kms.send(new EncryptCommand({ KeyId: key.Arn, Plaintext: Buffer.from('x') }))
  await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })) // not cryptographic: does not count
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: Buffer.alloc(100, 1) })), { name: 'IncorrectKeyException', message: /does not identify/ }) // failed: does not count
  const used = await kms.send(new GetKeyLastUsageCommand({ KeyId: key.Arn }))
  const [record] = byRequest(enc.$metadata.requestId)
  assert.equal(used.KeyLastUsage?.Operation, 'Encrypt')
  assert.equal(used.KeyLastUsage?.KmsRequestId, enc.$metadata.requestId)
  assert.equal(used.KeyLastUsage?.CloudTrailEventId, record!.record['eventID'])
  assert.equal(used.KeyLastUsage?.Timestamp?.getTime(), Date.parse(record!.record['eventTime']))
  await rejectsWith(kms.send(new GetKeyLastUsageCommand({ KeyId: 'alias/nope' })), { name: 'NotFoundException', message: "Invalid keyId 'alias/nope'" })
})

test('TRENT_DEBUG_COUNTERS=1 shows the store\'s committed transactions and audit records', async () => {
  const counters = async () => (await (await fetch(`${trent.url}/_trent/debug/counters`)).json()) as { commits: number; auditRecords: number }
  const before = await counters()
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  await Promise.all(Array.from({ length: 20 }, () => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }))))
  const after = await counters()
  assert.equal(after.auditRecords - before.auditRecords, 21)
  // CreateKey's record commits with the key; the 20 Encrypts share group commits.
  assert.ok(after.commits - before.commits >= 2 && after.commits - before.commits <= 21, JSON.stringify({ before, after }))
})
