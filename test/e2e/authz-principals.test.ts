// Authorization with several principals, through the SDK (KMS, IAM, STS clients): an IAM user allowed only
// kms:Encrypt with a required encryption context; a key policy that denies Decrypt to everyone but one role,
// used through an STS session; a grantee user; a caller of a second account (`trent account create`).
// Every case asserts the allow side and the deny side with AWS's exact message.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, DisableKeyCommand, EncryptCommand, GenerateDataKeyCommand, PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { ACCOUNT_ID, TrentProcess } from '../support/server.js'
import { rejectsWith } from '../support/kms-assert.js'
import { assumedRole, identityPolicy, newUser, type Creds } from '../support/iam.js'
import { signedCall } from '../support/signed-call.js'
import { allow, deny, explicitDeny, INVALID_PRINCIPALS, keyArnOf, NO_ORACLE, noIdentityAllow, noResourceAllow, policy } from '../support/policies.js'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')
const OTHER = '111122223333'
const user = (name: string, account = ACCOUNT_ID) => `arn:aws:iam::${account}:user/${name}`
const plaintext = Buffer.from('secret')

let trent: TrentProcess
let root: KMSClient
before(async () => { trent = await TrentProcess.start(); root = trent.client() })
after(async () => { await trent.dispose() })

const createKey = async (Policy?: string): Promise<string> => (await root.send(new CreateKeyCommand({ Policy }))).KeyMetadata!.KeyId!
const as = (c: Creds): KMSClient => trent.client(c)

test('a user allowed only kms:Encrypt with a required encryption context', async () => {
  const keyId = await createKey()
  const arn = keyArnOf(keyId)
  const alice = as(await newUser(trent, 'alice', identityPolicy({
    Effect: 'Allow', Action: 'kms:Encrypt', Resource: arn, Condition: { StringEquals: { 'kms:EncryptionContext:app': 'pay' } },
  })))
  const blob = (await alice.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { app: 'pay' } }))).CiphertextBlob!
  const me = user('alice')
  await rejectsWith(alice.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), noIdentityAllow('kms:Encrypt', arn, me))
  await rejectsWith(alice.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { app: 'hr' } })), noIdentityAllow('kms:Encrypt', arn, me))
  await rejectsWith(alice.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { app: 'pay' } })), noIdentityAllow('kms:GenerateDataKey', arn, me))
  await rejectsWith(alice.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, EncryptionContext: { app: 'pay' } })), noIdentityAllow('kms:Decrypt', arn, me))
  await rejectsWith(alice.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'pay' } })), NO_ORACLE)
  await rejectsWith(alice.send(new CreateKeyCommand({})), noIdentityAllow('kms:CreateKey', '*', me))
  // The root still decrypts what alice encrypted.
  assert.equal(Buffer.from((await root.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'pay' } }))).Plaintext!).toString(), 'secret')
})

test('a key policy that denies Decrypt to everyone but one role; the role is used through an STS session', async () => {
  const decrypter = `arn:aws:iam::${ACCOUNT_ID}:role/decrypter`
  await rejectsWith(root.send(new CreateKeyCommand({ Policy: policy(allow('kms:*'), allow('kms:Decrypt', {}, { AWS: decrypter })) })), INVALID_PRINCIPALS)
  const session = as(await assumedRole(trent, ACCOUNT_ID, 'decrypter', 'nightly', identityPolicy({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' })))
  const keyId = await createKey(policy(allow('kms:*'),
    deny('kms:Decrypt', { Condition: { ArnNotEquals: { 'aws:PrincipalArn': decrypter } } }, '*')))
  const arn = keyArnOf(keyId)
  const blob = (await session.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!
  assert.equal(Buffer.from((await session.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'secret')
  await rejectsWith(session.send(new ScheduleKeyDeletionCommand({ KeyId: keyId })),
    noIdentityAllow('kms:ScheduleKeyDeletion', arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/decrypter/nightly`))
  const bob = as(await newUser(trent, 'bob', identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })))
  await bob.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))
  await rejectsWith(bob.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), explicitDeny('kms:Decrypt', arn, 'resource', user('bob')))
  await rejectsWith(root.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), explicitDeny('kms:Decrypt', arn, 'resource'))
})

test('a grantee user decrypts through its grant (token at once), nothing else; an identity deny still wins', async () => {
  const keyId = await createKey()
  const arn = keyArnOf(keyId)
  const carolCreds = await newUser(trent, 'carol')
  const carol = as(carolCreds)
  const blob = (await root.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!
  await rejectsWith(carol.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), noIdentityAllow('kms:Decrypt', arn, user('carol')))
  const { GrantToken } = await root.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: user('carol'), Operations: ['Decrypt'] }))
  await carol.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, GrantTokens: [GrantToken!] }))
  await rejectsWith(carol.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), noIdentityAllow('kms:Encrypt', arn, user('carol')))
})

test('a caller of another account: only where the key policy names its account and its identity allows, only cross-account operations', async () => {
  const named = policy(allow('kms:*'), allow(['kms:Encrypt', 'kms:Decrypt', 'kms:DisableKey'], {}, { AWS: `arn:aws:iam::${OTHER}:root` }))
  await rejectsWith(root.send(new CreateKeyCommand({ Policy: named })), INVALID_PRINCIPALS)
  const created = spawnSync(process.execPath, [MAIN, 'account', 'create', '--account-id', OTHER], { env: { PATH: process.env['PATH'] ?? '', TRENT_DATA_DIR: trent.dataDir }, encoding: 'utf8' })
  assert.equal(created.status, 0, created.stderr)
  const otherRoot: Creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(created.stdout)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(created.stdout)![1]! }
  const shared = keyArnOf(await createKey(named))
  const unshared = keyArnOf(await createKey())
  const other = as(otherRoot)
  const blob = (await other.send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext }))).CiphertextBlob!
  assert.equal(Buffer.from((await other.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'secret')
  const otherArn = `arn:aws:iam::${OTHER}:root`
  await rejectsWith(other.send(new EncryptCommand({ KeyId: unshared, Plaintext: plaintext })), noResourceAllow('kms:Encrypt', unshared, otherArn))
  // DisableKey is not an operation AWS allows across accounts, whatever the key policy says.
  await rejectsWith(other.send(new DisableKeyCommand({ KeyId: shared })), noResourceAllow('kms:DisableKey', shared, otherArn))
  // A user of the other account needs its own identity policy as well.
  const eveCreds = await newUser(trent, 'eve', undefined, otherRoot)
  await rejectsWith(as(eveCreds).send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext })), noIdentityAllow('kms:Encrypt', shared, user('eve', OTHER)))
  const frank = as(await newUser(trent, 'frank', identityPolicy({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: shared }), otherRoot))
  await frank.send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext }))
  await rejectsWith(frank.send(new EncryptCommand({ KeyId: unshared, Plaintext: plaintext })), noResourceAllow('kms:Encrypt', unshared, user('frank', OTHER)))
  // Once the key policy no longer names the account, its callers are refused at once.
  await root.send(new PutKeyPolicyCommand({ KeyId: shared, Policy: policy(allow('kms:*')) }))
  await rejectsWith(frank.send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext })), noResourceAllow('kms:Encrypt', shared, user('frank', OTHER)))
})

test('CloudTrail LookupEvents on the same endpoint needs cloudtrail:LookupEvents for IAM users', async () => {
  const lookup = (credentials: Creds) => signedCall(trent, {
    service: 'cloudtrail', target: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', body: { MaxResults: 1 }, credentials,
  })
  const nobody = await newUser(trent, 'nobody')
  const refused = await lookup(nobody)
  assert.equal(refused.status, 400)
  const action = 'cloudtrail:LookupEvents'
  assert.deepEqual([refused.json['__type'], refused.json['message']], ['AccessDeniedException', noIdentityAllow(action, '*', user('nobody')).message])
  const auditor = await newUser(trent, 'trail-reader', identityPolicy({ Effect: 'Allow', Action: action, Resource: '*' }))
  const allowed = await lookup(auditor)
  assert.equal(allowed.status, 200)
  assert.equal((allowed.json['Events'] as unknown[]).length, 1)
})
