/**
 * Principals through the AWS SDK for JavaScript (IAM, STS and KMS clients): session expiry by the dev
 * clock on all three protocols, and, on PostgreSQL, a user created on one node that authenticates on
 * another and stops working there at once when its key is made inactive.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteUserCommand, IAMClient, ListAccessKeysCommand, ListRolesCommand, PutUserPolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam'
import { ListKeysCommand } from '@aws-sdk/client-kms'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { TrentCluster } from '../support/cluster.js'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'

interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
const opts = (t: TrentProcess, credentials: Creds) => ({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1, systemClockOffset: t.clockOffsetMs })
const iam = (t: TrentProcess, c: Creds = ROOT_CREDENTIALS) => new IAMClient(opts(t, c))
const sts = (t: TrentProcess, c: Creds = ROOT_CREDENTIALS) => new STSClient(opts(t, c))

async function rejects(p: Promise<unknown>, name: string, message: string, status: number): Promise<void> {
  await assert.rejects(p, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name)
    assert.equal(err.message, message)
    assert.equal(err.$metadata?.httpStatusCode, status)
    return true
  })
}

async function newUser(t: TrentProcess, name: string): Promise<Creds> {
  await iam(t).send(new CreateUserCommand({ UserName: name }))
  const key = (await iam(t).send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}

let trent: TrentProcess
before(async () => { trent = await TrentProcess.start() })
after(async () => { await trent?.dispose() })

test('a role session works until its expiry, then KMS, STS and IAM answer ExpiredToken', async () => {
  const dave = await newUser(trent, 'dave')
  await iam(trent).send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }))
  // The trust policy names the account: it delegates to dave's own identity policy, which allows it.
  await iam(trent).send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT_ID }, Action: 'sts:AssumeRole' }] }), MaxSessionDuration: 7200 }))
  const out = await sts(trent, dave).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/reader`, RoleSessionName: 'nightly', DurationSeconds: 7200 }))
  const c = out.Credentials!
  const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
  const lifetime = c.Expiration!.getTime() - Date.now()
  assert.ok(lifetime > 7190_000 && lifetime <= 7200_000, `session lifetime ${lifetime} ms`)
  assert.equal((await sts(trent, session).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/nightly`)
  const kms = trent.client(session)
  assert.ok(Array.isArray((await kms.send(new ListKeysCommand({}))).Keys))

  await trent.advanceClock(7100)
  await kms.send(new ListKeysCommand({}))
  await trent.advanceClock(101)
  const expired = 'The security token included in the request is expired'
  await rejects(kms.send(new ListKeysCommand({})), 'ExpiredTokenException', expired, 400)
  await rejects(sts(trent, session).send(new GetCallerIdentityCommand({})), 'ExpiredToken', expired, 403)
  await rejects(iam(trent, session).send(new ListRolesCommand({})), 'ExpiredToken', expired, 403)
  // A day after its expiry the background job removes the session: its key id is then simply unknown.
  await trent.advanceClock(86_400)
  await rejects(kms.send(new ListKeysCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.', 400)
})

test('PostgreSQL: a user created on node A authenticates on node B; made inactive on A, refused on B', async () => {
  const cluster = await TrentCluster.start({ nodes: 2 })
  try {
    const [a, b] = [cluster.node(0), cluster.node(1)]
    const erin = await newUser(a, 'erin')
    assert.equal((await sts(b, erin).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ACCOUNT_ID}:user/erin`)
    await b.client(erin).send(new ListKeysCommand({}))
    await iam(a).send(new UpdateAccessKeyCommand({ UserName: 'erin', AccessKeyId: erin.accessKeyId, Status: 'Inactive' }))
    // Node B hears of the change through the store's change feed (LISTEN/NOTIFY) well within a second.
    const deadline = Date.now() + 2000
    let refused = false
    while (!refused && Date.now() < deadline) {
      refused = await b.client(erin).send(new ListKeysCommand({})).then(() => false, (err: Error) => err.name === 'UnrecognizedClientException')
      if (!refused) await new Promise((r) => setTimeout(r, 50))
    }
    assert.ok(refused, 'node B still accepts the inactive key')
  } finally {
    await cluster.dispose()
  }
})

test('PostgreSQL: concurrent IAM writes on two nodes hold the user: at most two access keys, and none outlives a DeleteUser', async () => {
  const cluster = await TrentCluster.start({ nodes: 2 })
  try {
    const [a, b] = [cluster.node(0), cluster.node(1)]
    await iam(a).send(new CreateUserCommand({ UserName: 'quota' }))
    const created = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => iam(i % 2 ? b : a).send(new CreateAccessKeyCommand({ UserName: 'quota' }))))
    assert.equal(created.filter((o) => o.status === 'fulfilled').length, 2)
    for (const o of created) if (o.status === 'rejected') assert.equal((o.reason as Error).message, 'Cannot exceed quota for AccessKeysPerUser: 2')
    for (let round = 0; round < 10; round++) {
      await iam(a).send(new CreateUserCommand({ UserName: 'racer' }))
      const [deleted] = await Promise.allSettled([iam(a).send(new DeleteUserCommand({ UserName: 'racer' })), iam(b).send(new CreateAccessKeyCommand({ UserName: 'racer' }))])
      if (deleted.status === 'rejected') {
        assert.equal((deleted.reason as Error).name, 'DeleteConflictException')
        const keys = (await iam(a).send(new ListAccessKeysCommand({ UserName: 'racer' }))).AccessKeyMetadata!
        for (const k of keys) await iam(a).send(new DeleteAccessKeyCommand({ UserName: 'racer', AccessKeyId: k.AccessKeyId! }))
        await iam(a).send(new DeleteUserCommand({ UserName: 'racer' }))
      }
      // Deleted: a new user of the name starts with no keys.
      await iam(a).send(new CreateUserCommand({ UserName: 'racer' }))
      assert.deepEqual((await iam(a).send(new ListAccessKeysCommand({ UserName: 'racer' }))).AccessKeyMetadata, [], `round ${round}`)
      await iam(a).send(new DeleteUserCommand({ UserName: 'racer' }))
    }
  } finally {
    await cluster.dispose()
  }
})

test('Query protocol errors are XML ErrorResponse documents with AWS codes and statuses', async () => {
  const post = (body: string) => fetch(trent.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body })
  const unsigned = await post('Action=GetCallerIdentity&Version=2011-06-15')
  assert.equal(unsigned.status, 403)
  assert.equal(unsigned.headers.get('content-type'), 'text/xml')
  const requestId = unsigned.headers.get('x-amzn-requestid')
  assert.equal(await unsigned.text(), '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
    + `<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`)
  await rejects(iam(trent).send(new CreateUserCommand({ UserName: 'has space' })), 'ValidationError',
    "1 validation error detected: Value 'has space' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+", 400)
  await rejects(iam(trent).send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT_ID }, Action: 'sts:AssumeRole', Resource: '*' }] }) })),
    'MalformedPolicyDocumentException', 'Has prohibited field Resource', 400) // the SDK names the error by its model shape
  await rejects(iam(trent, { ...ROOT_CREDENTIALS, secretAccessKey: 'wrong-secret-0000000000000000000000000000' }).send(new ListRolesCommand({})), 'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.', 403)
})
