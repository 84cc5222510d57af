/**
 * The audit trail with principals: a KMS call by an IAM user or a role session records CloudTrail's
 * userIdentity for it (principalId, userName, sessionContext), and IAM and STS calls leave one record
 * each (eventSource iam.amazonaws.com / sts.amazonaws.com) with no secret of the call in it.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { CreateKeyCommand } from '@aws-sdk/client-kms'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { auditRecords } from '../support/audit-db.js'

let trent: TrentProcess
before(async () => { trent = await TrentProcess.start() })
after(async () => { await trent.dispose() })

const opts = { maxAttempts: 1, region: REGION }
const one = (requestId: string | undefined) => {
  const found = auditRecords(trent.dataDir).filter((r) => r.record['requestID'] === requestId)
  assert.equal(found.length, 1, `exactly one record for ${requestId}`)
  return found[0]!
}

test('IAM and STS calls leave one record each; KMS calls by a user and a role session record who they were', async () => {
  const iam = new IAMClient({ ...opts, endpoint: trent.url, credentials: ROOT_CREDENTIALS })
  const user = await iam.send(new CreateUserCommand({ UserName: 'auditor' }))
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))
  // KMS authorizes both principals by their identity policies (the default key policy delegates to IAM).
  const createKeys = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' }] })
  await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'create-keys', PolicyDocument: createKeys }))
  const creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }
  const created = one(user.$metadata.requestId).record
  assert.deepEqual([created['eventSource'], created['eventName'], created['readOnly'], created['userIdentity'].type], ['iam.amazonaws.com', 'CreateUser', false, 'Root'])
  assert.ok(!one(key.$metadata.requestId).text.includes(creds.secretAccessKey), 'the new secret access key is recorded')

  const byUser = await trent.client(creds).send(new CreateKeyCommand({}))
  const u = one(byUser.$metadata.requestId).record['userIdentity']
  assert.deepEqual([u.type, u.userName, u.accessKeyId, u.arn], ['IAMUser', 'auditor', creds.accessKeyId, `arn:aws:iam::${ACCOUNT_ID}:user/auditor`])
  assert.match(u.principalId, /^AIDA/)

  await iam.send(new CreateRoleCommand({ RoleName: 'audited', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT_ID }, Action: 'sts:AssumeRole' }] }) }))
  await iam.send(new PutRolePolicyCommand({ RoleName: 'audited', PolicyName: 'create-keys', PolicyDocument: createKeys }))
  const sts = new STSClient({ ...opts, endpoint: trent.url, credentials: ROOT_CREDENTIALS })
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/audited`, RoleSessionName: 's1' }))
  const a = one(assumed.$metadata.requestId)
  assert.deepEqual([a.record['eventSource'], a.record['eventName']], ['sts.amazonaws.com', 'AssumeRole'])
  assert.ok(!a.text.includes(assumed.Credentials!.SecretAccessKey!) && !a.text.includes(assumed.Credentials!.SessionToken!))
  const session = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! }
  const byRole = await trent.client(session).send(new CreateKeyCommand({}))
  const r = one(byRole.$metadata.requestId).record['userIdentity']
  assert.deepEqual([r.type, r.arn], ['AssumedRole', `arn:aws:sts::${ACCOUNT_ID}:assumed-role/audited/s1`])
  assert.equal(r.sessionContext.sessionIssuer.arn, `arn:aws:iam::${ACCOUNT_ID}:role/audited`)
})
