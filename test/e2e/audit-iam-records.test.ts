/**
 * IAM and STS records carry requestParameters and responseElements as CloudTrail's examples show them
 * (CreateUser, CreateAccessKey, PutUserPolicy, AssumeRole), and no secret a call returned: the secret
 * access key and session token appear neither in any record nor anywhere in the database files.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { auditRecords } from '../support/audit-db.js'

let trent: TrentProcess
before(async () => { trent = await TrentProcess.start() })
after(async () => { await trent.dispose() })

const opts = { maxAttempts: 1, region: REGION, credentials: ROOT_CREDENTIALS }
const DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/
const one = (requestId: string | undefined) => {
  const found = auditRecords(trent.dataDir).filter((r) => r.record['requestID'] === requestId)
  assert.equal(found.length, 1, `exactly one record for ${requestId}`)
  return found[0]!
}

test('IAM and STS records carry the call\'s parameters and outcome, never its secrets', async () => {
  const iam = new IAMClient({ ...opts, endpoint: trent.url })
  const user = await iam.send(new CreateUserCommand({ UserName: 'Bob', Path: '/eng/', Tags: [{ Key: 'team', Value: 'blue' }] }))
  const u = one(user.$metadata.requestId).record
  assert.deepEqual(u['requestParameters'], { userName: 'Bob', path: '/eng/', tags: [{ key: 'team', value: 'blue' }] })
  const created = u['responseElements'].user
  assert.deepEqual({ ...created, createDate: undefined }, {
    path: '/eng/', userName: 'Bob', userId: user.User!.UserId, arn: `arn:aws:iam::${ACCOUNT_ID}:user/eng/Bob`, createDate: undefined, tags: [{ key: 'team', value: 'blue' }],
  })
  assert.match(created.createDate, DATE)

  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'Bob' }))
  const k = one(key.$metadata.requestId)
  assert.deepEqual(k.record['requestParameters'], { userName: 'Bob' })
  assert.deepEqual({ ...k.record['responseElements'].accessKey, createDate: undefined }, { accessKeyId: key.AccessKey!.AccessKeyId, status: 'Active', userName: 'Bob', createDate: undefined })
  assert.match(k.record['responseElements'].accessKey.createDate, DATE)

  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] })
  const put = await iam.send(new PutUserPolicyCommand({ UserName: 'Bob', PolicyName: 'encrypt', PolicyDocument: document }))
  const p = one(put.$metadata.requestId).record
  assert.deepEqual([p['requestParameters'], p['responseElements'], p['readOnly']], [{ userName: 'Bob', policyName: 'encrypt', policyDocument: document }, null, false])

  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT_ID }, Action: 'sts:AssumeRole' }] })
  const role = await iam.send(new CreateRoleCommand({ RoleName: 'auditor', AssumeRolePolicyDocument: trust }))
  const r = one(role.$metadata.requestId).record
  assert.deepEqual(r['requestParameters'], { roleName: 'auditor', assumeRolePolicyDocument: trust })
  assert.deepEqual([r['responseElements'].role.roleId, r['responseElements'].role.assumeRolePolicyDocument], [role.Role!.RoleId, encodeURIComponent(trust)])

  const sts = new STSClient({ ...opts, endpoint: trent.url })
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'audit-1', DurationSeconds: 900 }))
  const a = one(assumed.$metadata.requestId)
  assert.deepEqual(a.record['requestParameters'], { roleArn: role.Role!.Arn, roleSessionName: 'audit-1', durationSeconds: 900 })
  const { credentials, assumedRoleUser } = a.record['responseElements']
  assert.deepEqual(Object.keys(credentials).sort(), ['accessKeyId', 'expiration'])
  assert.equal(credentials.accessKeyId, assumed.Credentials!.AccessKeyId)
  assert.match(credentials.expiration, DATE)
  assert.deepEqual(assumedRoleUser, { assumedRoleId: assumed.AssumedRoleUser!.AssumedRoleId, arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/auditor/audit-1` })

  const secrets = [key.AccessKey!.SecretAccessKey!, assumed.Credentials!.SecretAccessKey!, assumed.Credentials!.SessionToken!]
  const trail = auditRecords(trent.dataDir).map((x) => x.text).join('\n')
  for (const s of secrets) assert.ok(!trail.includes(s), 'a secret is in the audit trail')
  // Every file of the data directory (the database and its WAL): secrets exist there only sealed.
  const files = readdirSync(trent.dataDir).filter((f) => f.startsWith('trent.db')).map((f) => readFileSync(join(trent.dataDir, f)))
  assert.ok(files.length >= 1)
  for (const s of secrets) for (const f of files) assert.equal(f.indexOf(s), -1, 'a secret is in a database file')
})
