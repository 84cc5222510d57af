/**
 * The seed file's accounts and principals: a seeded user signs KMS calls with its fixed access key at
 * once, allowed and denied by its seeded inline policy and by a seeded key policy that names it; a
 * seeded account's fixed root credentials work; a second start changes nothing; a conflicting change
 * (policy text, access key secret) stops the start naming the principal; secrets never reach the log.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms'
import { GetGroupCommand, GetRoleCommand } from '@aws-sdk/client-iam'
import { ACCOUNT_ID, TrentProcess } from '../support/server.js'
import { SeedWorkspace } from '../support/seed-workspace.js'
import { iamClient } from '../support/iam.js'
import { auditRecords } from '../support/audit-db.js'

const KEY_ID = '88888888-8888-4888-8888-888888888888'
const OTHER = '111122223333'
const ALICE = { accessKeyId: 'AKIASEEDEDALICE00001', secretAccessKey: 'aliceSecretAliceSecretAliceSecretAlice01' }
const BOB = { accessKeyId: 'AKIASEEDEDBOB0000001', secretAccessKey: 'bobSecretBobSecretBobSecretBobSecretBob1' }
const OTHER_ROOT = { accessKeyId: 'AKIASEEDEDOTHERROOT1', secretAccessKey: 'otherRootSecretOtherRootSecretOtherRoot1' }
const user = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:user/${name}`
// Clients get copies: the SDK marks the credentials object it is given (`$source`), which would then leak into the seed.

/** alice may Encrypt and DescribeKey by her identity policy; bob only DescribeKey, by the key policy naming him. */
function seed(alicePolicyAction = ['kms:Encrypt', 'kms:DescribeKey'], bobSecret = BOB.secretAccessKey): string {
  return JSON.stringify({
    accounts: [{ accountId: OTHER, rootCredentials: OTHER_ROOT }],
    principals: {
      groups: [{ groupName: 'devs', path: '/team/' }],
      users: [
        { userName: 'alice', accessKeys: [ALICE], policies: { kms: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: alicePolicyAction, Resource: '*' }] } }, groups: ['devs'] },
        { userName: 'bob', accessKeys: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: bobSecret }] },
      ],
      roles: [{ roleName: 'app', assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user('alice') }, Action: 'sts:AssumeRole' }] } }],
    },
    keys: [{
      keyId: KEY_ID,
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'kms:*', Resource: '*' },
          { Sid: 'bob', Effect: 'Allow', Principal: { AWS: user('bob') }, Action: 'kms:DescribeKey', Resource: '*' },
        ],
      },
    }],
  })
}

let ws: SeedWorkspace
let trent: TrentProcess
const write = (name: string, text: string): string => ws.write(name, text)
const startWith = (file: string): Promise<TrentProcess> => ws.start(file)

before(async () => {
  ws = new SeedWorkspace('trent-seed-principals-')
  trent = await startWith(write('seed.json', seed()))
})
after(async () => {
  await trent.dispose()
  ws.dispose()
})

const denied = async (work: Promise<unknown>): Promise<void> => {
  await assert.rejects(work, (err: Error) => err.name === 'AccessDeniedException')
}

test('seeded users call KMS at once with their fixed keys, allowed and denied by their seeded policies', async () => {
  const alice: KMSClient = trent.client({ ...ALICE })
  const blob = (await alice.send(new EncryptCommand({ KeyId: KEY_ID, Plaintext: Buffer.from('seeded') }))).CiphertextBlob!
  await denied(alice.send(new DecryptCommand({ CiphertextBlob: blob })))
  const bob = trent.client({ ...BOB })
  assert.equal((await bob.send(new DescribeKeyCommand({ KeyId: KEY_ID }))).KeyMetadata!.KeyId, KEY_ID)
  await denied(bob.send(new EncryptCommand({ KeyId: KEY_ID, Plaintext: Buffer.from('x') })))
  await assert.rejects(trent.client({ ...BOB, secretAccessKey: 'x'.repeat(40) }).send(new DescribeKeyCommand({ KeyId: KEY_ID })), { name: 'InvalidSignatureException' })

  const iam = iamClient(trent)
  const group = await iam.send(new GetGroupCommand({ GroupName: 'devs' }))
  assert.deepEqual([group.Group!.Path, group.Users!.map((u) => u.UserName)], ['/team/', ['alice']])
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.Arn, `arn:aws:iam::${ACCOUNT_ID}:role/app`)
  iam.destroy()

  const other = trent.client({ ...OTHER_ROOT })
  const arn = (await other.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!
  assert.match(arn, new RegExp(`^arn:aws:kms:[^:]+:${OTHER}:key/`))

  const logs = trent.logs.join('\n')
  for (const secret of [ALICE, BOB, OTHER_ROOT].map((c) => c.secretAccessKey)) assert.ok(!logs.includes(secret), 'no secret in the log')
})

test('seeded IAM changes are AwsServiceEvents from the seed file, with no secret in the trail', () => {
  const records = auditRecords(ws.dataDir)
  const iam = records.filter((r) => r.record['serviceEventDetails']?.source === 'seed file' && r.record['eventSource'] === 'iam.amazonaws.com')
  assert.deepEqual(iam.map((r) => r.record['eventName']), ['CreateGroup', 'CreateUser', 'CreateAccessKey', 'PutUserPolicy', 'AddUserToGroup', 'CreateUser', 'CreateAccessKey', 'CreateRole'])
  for (const { record } of iam) assert.deepEqual([record['eventType'], record['userIdentity'].invokedBy, record['recipientAccountId']], ['AwsServiceEvent', 'AWS Internal', ACCOUNT_ID])
  assert.equal(iam[2]!.record['responseElements'].accessKey.accessKeyId, ALICE.accessKeyId)
  for (const secret of [ALICE, BOB, OTHER_ROOT].map((c) => c.secretAccessKey)) assert.ok(!records.some((r) => r.text.includes(secret)), 'no secret in the trail')
})

test('a second start changes nothing; a conflicting principal stops the start, naming it, and overwrites nothing', async () => {
  await trent.restart()
  assert.ok(trent.logs.some((l) => /"created":0,"unchanged":6,.*"msg":"seed file applied"/.test(l)), 'the second start reports 0 created, 6 unchanged')
  await trent.stop()

  await assert.rejects(startWith(write('policy.json', seed(['kms:*']))),
    /trent: seed file, principals\.users\[0\] \(alice\): its inline policy kms exists with a different document\. Trent never overwrites principals from the seed file/)
  await assert.rejects(startWith(write('secret.json', seed(undefined, 'y'.repeat(40)))),
    /trent: seed file, principals\.users\[1\] \(bob\): access key AKIASEEDEDBOB0000001 exists and is not this user's key with the seed's secret/)
  await assert.rejects(startWith(write('root.json', seed().replace(OTHER_ROOT.secretAccessKey, 'z'.repeat(40)))),
    /trent: seed file, accounts\[0\] \(111122223333\): the account exists and its root credentials are not access key AKIASEEDEDOTHERROOT1/)

  await trent.restart()
  const alice = trent.client({ ...ALICE })
  await denied(alice.send(new DecryptCommand({ CiphertextBlob: (await alice.send(new EncryptCommand({ KeyId: KEY_ID, Plaintext: Buffer.from('x') }))).CiphertextBlob! })))
  assert.equal((await trent.client({ ...BOB }).send(new DescribeKeyCommand({ KeyId: KEY_ID }))).KeyMetadata!.KeyId, KEY_ID)
})
