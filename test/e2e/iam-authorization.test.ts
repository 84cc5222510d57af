/**
 * IAM authorization through the AWS SDK: paths validated as AWS does, resources built from the stored
 * entity (its path and its name as created), and AssumeRole's trust policy combined with the caller's
 * own identity policies.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateAccessKeyCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient, PutUserPolicyCommand, TagUserCommand } from '@aws-sdk/client-iam'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'

interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
const opts = (t: TrentProcess, credentials: Creds) => ({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1, systemClockOffset: t.clockOffsetMs })
const iam = (t: TrentProcess, c: Creds = ROOT_CREDENTIALS) => new IAMClient(opts(t, c))

async function rejects(p: Promise<unknown>, name: string, message: string): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.equal(err.name, name)
    assert.equal(err.message, message)
    return true
  })
}

async function newUser(t: TrentProcess, name: string, path?: string): Promise<Creds> {
  await iam(t).send(new CreateUserCommand({ UserName: name, ...(path ? { Path: path } : {}) }))
  const key = (await iam(t).send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement })
const denied = (who: string, action: string, resource: string) => `User: arn:aws:iam::${ACCOUNT_ID}:user/${who} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`

let trent: TrentProcess
before(async () => { trent = await TrentProcess.start() })
after(async () => { await trent?.dispose() })

test('CreateUser, CreateRole and CreateGroup accept only AWS paths: a path must end in / (min under /ad is not user/admin)', async () => {
  const pattern = (v: string) => `1 validation error detected: Value '${v}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`
  await rejects(iam(trent).send(new CreateUserCommand({ UserName: 'min', Path: '/ad' })), 'ValidationError', pattern('/ad'))
  await rejects(iam(trent).send(new CreateUserCommand({ UserName: 'min', Path: 'ad/' })), 'ValidationError', pattern('ad/'))
  await rejects(iam(trent).send(new CreateUserCommand({ UserName: 'min', Path: '/a b/' })), 'ValidationError', pattern('/a b/'))
  await rejects(iam(trent).send(new CreateUserCommand({ UserName: 'min', Path: `/${'a'.repeat(511)}/` })), 'ValidationError',
    `1 validation error detected: Value '/${'a'.repeat(511)}/' at 'path' failed to satisfy constraint: Member must have length less than or equal to 512`)
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '000000000000' }, Action: 'sts:AssumeRole' }] })
  await rejects(iam(trent).send(new CreateRoleCommand({ RoleName: 'r', Path: '/x', AssumeRolePolicyDocument: trust })), 'ValidationError', pattern('/x'))
  await rejects(iam(trent).send(new CreateGroupCommand({ GroupName: 'g', Path: '//x' })), 'ValidationError', pattern('//x'))
  assert.equal((await iam(trent).send(new CreateUserCommand({ UserName: 'min', Path: '/ad/' }))).User?.Arn, 'arn:aws:iam::000000000000:user/ad/min')
  assert.equal((await iam(trent).send(new CreateGroupCommand({ GroupName: 'g', Path: '/ops/' }))).Group?.Arn, 'arn:aws:iam::000000000000:group/ops/g')
  await iam(trent).send(new CreateAccessKeyCommand({ UserName: 'min' }))
})

test('IAM actions are authorized on the stored entity: a Deny on user/admin holds for UserName=ADMIN, and user/ops/* matches users under /ops/', async () => {
  await iam(trent).send(new CreateUserCommand({ UserName: 'admin' }))
  await iam(trent).send(new CreateUserCommand({ UserName: 'opal', Path: '/ops/' }))
  const mallory = await newUser(trent, 'mallory')
  await iam(trent).send(new PutUserPolicyCommand({ UserName: 'mallory', PolicyName: 'p', PolicyDocument: policy(
    { Effect: 'Allow', Action: 'iam:*', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/*` },
    { Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/admin` },
    { Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/ops/*` },
  ) }))
  const adminArn = `arn:aws:iam::${ACCOUNT_ID}:user/admin`
  for (const UserName of ['admin', 'ADMIN', 'Admin']) {
    await rejects(iam(trent, mallory).send(new CreateAccessKeyCommand({ UserName })), 'AccessDenied', denied('mallory', 'iam:CreateAccessKey', adminArn))
    await rejects(iam(trent, mallory).send(new TagUserCommand({ UserName, Tags: [{ Key: 'k', Value: 'v' }] })), 'AccessDenied', denied('mallory', 'iam:TagUser', adminArn))
  }
  const opalArn = `arn:aws:iam::${ACCOUNT_ID}:user/ops/opal`
  await rejects(iam(trent, mallory).send(new GetUserCommand({ UserName: 'OPAL' })), 'AccessDenied', denied('mallory', 'iam:GetUser', opalArn))
  await rejects(iam(trent, mallory).send(new CreateUserCommand({ UserName: 'olga', Path: '/ops/' })), 'AccessDenied',
    denied('mallory', 'iam:CreateUser', `arn:aws:iam::${ACCOUNT_ID}:user/ops/olga`))
  assert.equal((await iam(trent, mallory).send(new CreateUserCommand({ UserName: 'olga', Path: '/dev/' }))).User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/dev/olga`)
  assert.equal((await iam(trent, mallory).send(new GetUserCommand({ UserName: 'OLGA' }))).User?.UserName, 'olga')
})
