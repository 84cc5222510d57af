// Key policies enforced, through the SDK with the account root: a policy that allows only some
// operations refuses every other one (with AWS's message), an encryption-context condition, explicit deny
// over allow, kms:RequestAlias and kms:ResourceAliases, the lockout safety check and its bypass, and
// principals that must exist.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GenerateDataKeyCommand, GetKeyPolicyCommand, ListResourceTagsCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand, TagResourceCommand,
  UpdateKeyDescriptionCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { auditRecords } from '../support/audit-db.js'
import { rejectsWith } from '../support/kms-assert.js'
import {
  ADMIN, allow, deny, explicitDeny, INVALID_PRINCIPALS, keyArnOf, LOCKOUT, noResourceAllow, policy, ROOT,
} from '../support/policies.js'

let trent: TrentProcess
let kms: KMSClient
before(async () => { trent = await TrentProcess.start(); kms = trent.client() })
after(async () => { await trent.dispose() })

const createKey = async (Policy?: string): Promise<string> => (await kms.send(new CreateKeyCommand({ Policy }))).KeyMetadata!.KeyId!
const plaintext = Buffer.from('secret')

test('a key policy that allows only administration refuses every other operation, with AWS message', async () => {
  const keyId = await createKey(policy(ADMIN))
  const arn = keyArnOf(keyId)
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Arn, arn)
  const refused: [string, Promise<unknown>][] = [
    ['kms:Encrypt', kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))],
    ['kms:GenerateDataKey', kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))],
    ['kms:DisableKey', kms.send(new DisableKeyCommand({ KeyId: keyId }))],
    ['kms:EnableKeyRotation', kms.send(new EnableKeyRotationCommand({ KeyId: keyId }))],
    ['kms:TagResource', kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }))],
    ['kms:ListResourceTags', kms.send(new ListResourceTagsCommand({ KeyId: keyId }))],
    ['kms:UpdateKeyDescription', kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'x' }))],
  ]
  for (const [action, call] of refused) await rejectsWith(call, noResourceAllow(action, arn))
  // Authorization comes before the state check: a refused caller learns nothing about the key's state.
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(ADMIN, allow('kms:DisableKey')) }))
  await kms.send(new DisableKeyCommand({ KeyId: keyId }))
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), noResourceAllow('kms:Encrypt', arn))
})

test('Encrypt allowed only with a required encryption context (kms:EncryptionContext:<key>, case-insensitive name)', async () => {
  const keyId = await createKey(policy(ADMIN, allow('kms:Encrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:Purpose': 'billing' } } })))
  const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'billing', other: 'x' } }))
  assert.equal(out.KeyId, keyArnOf(keyId))
  const refused = noResourceAllow('kms:Encrypt', keyArnOf(keyId))
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), refused)
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'payroll' } })), refused)
})

test('an explicit deny wins over an allow', async () => {
  const keyId = await createKey(policy(allow('kms:*'), deny('kms:Decrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:tier': 'gold' } } })))
  const silver = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { tier: 'silver' } }))
  const gold = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { tier: 'gold' } }))
  const back = await kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: silver.CiphertextBlob, EncryptionContext: { tier: 'silver' } }))
  assert.equal(Buffer.from(back.Plaintext!).toString(), 'secret')
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: gold.CiphertextBlob, EncryptionContext: { tier: 'gold' } })),
    explicitDeny('kms:Decrypt', keyArnOf(keyId), 'resource'))
})

test('kms:RequestAlias and kms:ResourceAliases see the alias the request used and the aliases of the key', async () => {
  const keyId = await createKey(policy(ADMIN,
    allow('kms:Encrypt', { Condition: { StringEquals: { 'kms:RequestAlias': 'alias/billing' } } }),
    allow('kms:GenerateDataKey', { Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/billing' } } })))
  const arn = keyArnOf(keyId)
  await rejectsWith(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })), noResourceAllow('kms:GenerateDataKey', arn))
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/billing', TargetKeyId: keyId }))
  await kms.send(new EncryptCommand({ KeyId: 'alias/billing', Plaintext: plaintext }))
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), noResourceAllow('kms:Encrypt', arn))
  // The alias now points at the key, so the key (named by its id) has alias/billing among its aliases.
  assert.equal((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))).KeyId, arn)
})

test('the lockout safety check refuses a policy that would lock the caller out, unless bypassed', async () => {
  const onlyEncrypt = policy(allow(['kms:Encrypt', 'kms:DescribeKey']))
  await rejectsWith(kms.send(new CreateKeyCommand({ Policy: onlyEncrypt })), LOCKOUT)
  const keyId = await createKey()
  await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: onlyEncrypt })), LOCKOUT)
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: onlyEncrypt, BypassPolicyLockoutSafetyCheck: true }))
  await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))
  // Locked out now, as the check warned.
  const arn = keyArnOf(keyId)
  await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(allow('kms:*')) })), noResourceAllow('kms:PutKeyPolicy', arn))
  await rejectsWith(kms.send(new GetKeyPolicyCommand({ KeyId: keyId })), noResourceAllow('kms:GetKeyPolicy', arn))
  const bypassed = await kms.send(new CreateKeyCommand({ Policy: onlyEncrypt, BypassPolicyLockoutSafetyCheck: true }))
  await rejectsWith(kms.send(new ScheduleKeyDeletionCommand({ KeyId: bypassed.KeyMetadata!.KeyId! })), noResourceAllow('kms:ScheduleKeyDeletion', bypassed.KeyMetadata!.Arn!))
})

test('principals a key policy names must exist; malformed policies say what is wrong', async () => {
  const keyId = await createKey()
  const stranger = policy(allow('kms:*'), allow('kms:Decrypt', {}, { AWS: 'arn:aws:iam::111122223333:root' }))
  await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: stranger })), INVALID_PRINCIPALS)
  await rejectsWith(kms.send(new CreateKeyCommand({ Policy: stranger, BypassPolicyLockoutSafetyCheck: true })), INVALID_PRINCIPALS)
  await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(allow('kms:*', {}, { AWS: 'not-an-arn' })) })), INVALID_PRINCIPALS)
  await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*', Colour: 'red' }] }) })), {
    name: 'MalformedPolicyDocumentException', message: /Colour/,
  })
  assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy!.includes('key-default-1'), true)
})

test('a refused call leaves exactly one audit record, with errorCode AccessDenied and the message', async () => {
  const keyId = await createKey(policy(ADMIN))
  const refused = noResourceAllow('kms:Encrypt', keyArnOf(keyId))
  const err = await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), refused) as Error & { $metadata: { requestId?: string } }
  const requestId = err.$metadata.requestId
  assert.ok(requestId)
  const records = auditRecords(trent.dataDir).filter((r) => r.record['requestID'] === requestId)
  assert.equal(records.length, 1)
  const r = records[0]!.record
  assert.deepEqual([r['eventName'], r['errorCode'], r['errorMessage'], r['userIdentity']['arn']], ['Encrypt', 'AccessDenied', refused.message, ROOT])
})
