/**
 * Principals through the real `aws` CLI: IAM users with access keys and inline policies, a role
 * assumed through STS, KMS calls as the user and as the role session, keys and sessions that stop
 * working at once (inactive, deleted), and a second account from `trent account`.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'

const dir = mkdtempSync(join(tmpdir(), 'trent-iam-cli-'))
writeFileSync(join(dir, 'config'), '')
writeFileSync(join(dir, 'credentials'), '')
const baseEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
  AWS_DEFAULT_REGION: REGION, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '',
}
const skip = spawnSync('aws', ['--version'], { env: baseEnv }).error ? 'the aws CLI is not installed' : false
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')

interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
interface CliResult { code: number; stdout: string; stderr: string }

let trent: TrentProcess
before(async () => { if (!skip) trent = await TrentProcess.start() })
after(async () => { await trent?.dispose(); rmSync(dir, { recursive: true, force: true }) })

function aws(creds: Creds, ...args: string[]): Promise<CliResult> {
  const env = { ...baseEnv, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}) }
  return new Promise((resolve) => {
    execFile('aws', ['--endpoint-url', trent.url, ...args], { env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr })
    })
  })
}
async function json(creds: Creds, ...args: string[]): Promise<Record<string, any>> {
  const r = await aws(creds, ...args)
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout.trim() === '' ? {} : JSON.parse(r.stdout) as Record<string, any>
}
async function fails(creds: Creds, code: string, message: string, ...args: string[]): Promise<void> {
  const r = await aws(creds, ...args)
  assert.notEqual(r.code, 0, `aws ${args.join(' ')} should have failed`)
  assert.match(r.stderr, new RegExp(`\\(${code}\\) when calling the \\w+ operation: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), r.stderr)
}

const root: Creds = ROOT_CREDENTIALS
const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] })

test('an IAM user with an access key and an inline policy calls STS, IAM and KMS as itself', { skip }, async () => {
  const user = await json(root, 'iam', 'create-user', '--user-name', 'alice', '--tags', 'Key=team,Value=blue')
  assert.equal(user['User'].Arn, `arn:aws:iam::${ACCOUNT_ID}:user/alice`)
  assert.match(user['User'].UserId, /^AIDA[A-Z2-7]{17}$/)
  await fails(root, 'EntityAlreadyExists', 'User with name alice already exists.', 'iam', 'create-user', '--user-name', 'alice')
  const key = (await json(root, 'iam', 'create-access-key', '--user-name', 'alice'))['AccessKey']
  assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/)
  assert.equal(key.Status, 'Active')
  const alice: Creds = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }

  const who = await json(alice, 'sts', 'get-caller-identity')
  assert.deepEqual(who, { UserId: user['User'].UserId, Account: ACCOUNT_ID, Arn: `arn:aws:iam::${ACCOUNT_ID}:user/alice` })
  // Before any policy: IAM refuses, KMS (not enforced yet) runs as alice.
  await fails(alice, 'AccessDenied', `User: arn:aws:iam::${ACCOUNT_ID}:user/alice is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${ACCOUNT_ID}:user/alice because no identity-based policy allows the iam:GetUser action`, 'iam', 'get-user')
  await fails(root, 'MalformedPolicyDocument', '', 'iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'bad', '--policy-document', '{"Statement":[{"Effect":"Maybe"}]}')
  const doc = policy({ Effect: 'Allow', Action: ['kms:*', 'iam:GetUser', 'iam:ListAccessKeys'], Resource: '*' })
  await json(root, 'iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'kms-and-self', '--policy-document', doc)
  assert.deepEqual(await json(root, 'iam', 'list-user-policies', '--user-name', 'alice'), { PolicyNames: ['kms-and-self'] })
  const got = await json(root, 'iam', 'get-user-policy', '--user-name', 'alice', '--policy-name', 'kms-and-self')
  assert.deepEqual(got['PolicyDocument'], JSON.parse(doc))
  assert.equal((await json(alice, 'iam', 'get-user'))['User'].Tags[0].Value, 'blue')
  assert.equal((await json(alice, 'iam', 'list-access-keys'))['AccessKeyMetadata'][0].AccessKeyId, alice.accessKeyId)
  const created = await json(alice, 'kms', 'create-key')
  assert.equal(created['KeyMetadata'].AWSAccountId, ACCOUNT_ID)
  await fails(root, 'DeleteConflict', 'Cannot delete entity, must delete access keys first.', 'iam', 'delete-user', '--user-name', 'alice')

  // Inactive: refused at once; active again: works again.
  await json(root, 'iam', 'update-access-key', '--user-name', 'alice', '--access-key-id', alice.accessKeyId, '--status', 'Inactive')
  await fails(alice, 'InvalidClientTokenId', 'The security token included in the request is invalid.', 'sts', 'get-caller-identity')
  await fails(alice, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'kms', 'list-keys')
  await json(root, 'iam', 'update-access-key', '--user-name', 'alice', '--access-key-id', alice.accessKeyId, '--status', 'Active')
  await json(alice, 'kms', 'list-keys')

  // Deleted key and user: refused at once.
  await json(root, 'iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', alice.accessKeyId)
  await fails(alice, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'kms', 'list-keys')
  await fails(root, 'DeleteConflict', 'Cannot delete entity, must delete policies first.', 'iam', 'delete-user', '--user-name', 'alice')
  await json(root, 'iam', 'delete-user-policy', '--user-name', 'alice', '--policy-name', 'kms-and-self')
  await json(root, 'iam', 'delete-user', '--user-name', 'alice')
  await fails(root, 'NoSuchEntity', 'The user with name alice cannot be found.', 'iam', 'get-user', '--user-name', 'alice')
})

test('a role assumed through STS: trust policy, session credentials, KMS as the session, ended by deleting the role', { skip }, async () => {
  await json(root, 'iam', 'create-user', '--user-name', 'bob')
  const key = (await json(root, 'iam', 'create-access-key', '--user-name', 'bob'))['AccessKey']
  const bob: Creds = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }
  const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/bob` }, Action: 'sts:AssumeRole' })
  const role = (await json(root, 'iam', 'create-role', '--role-name', 'deployer', '--assume-role-policy-document', trust))['Role']
  assert.match(role.RoleId, /^AROA[A-Z2-7]{17}$/)
  assert.equal(role.MaxSessionDuration, 3600)
  await json(root, 'iam', 'put-role-policy', '--role-name', 'deployer', '--policy-name', 'iam-read', '--policy-document', policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }))
  const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/deployer`

  await fails(root, 'AccessDenied', `User: arn:aws:iam::${ACCOUNT_ID}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 'sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 's1')
  await fails(bob, 'ValidationError', "1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint", 'sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'bad name')
  await fails(bob, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 'sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 's1', '--duration-seconds', '7200')
  const assumed = await json(bob, 'sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'ci-run', '--duration-seconds', '900')
  const sessionArn = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/ci-run`
  assert.deepEqual(assumed['AssumedRoleUser'], { AssumedRoleId: `${role.RoleId}:ci-run`, Arn: sessionArn })
  const c = assumed['Credentials']
  assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/)
  const expiresIn = Date.parse(c.Expiration) - (Date.now() + trent.clockOffsetMs)
  assert.ok(expiresIn > 880_000 && expiresIn <= 901_000, `expires in ${expiresIn} ms`)
  const session: Creds = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }

  assert.deepEqual(await json(session, 'sts', 'get-caller-identity'), { UserId: `${role.RoleId}:ci-run`, Account: ACCOUNT_ID, Arn: sessionArn })
  assert.equal((await json(session, 'iam', 'list-roles'))['Roles'][0].RoleName, 'deployer')
  await fails(session, 'AccessDenied', `User: ${sessionArn} is not authorized to perform: iam:CreateUser`, 'iam', 'create-user', '--user-name', 'mallory')
  const keyId = (await json(session, 'kms', 'create-key'))['KeyMetadata'].KeyId
  const encrypted = await json(session, 'kms', 'encrypt', '--key-id', keyId, '--plaintext', 'aGVsbG8=')
  assert.equal(encrypted['KeyId'], `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${keyId}`)
  // Without its token the session key is not a credential.
  await fails({ ...session, sessionToken: undefined }, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'kms', 'list-keys')

  // Expiry is tested with the SDK (iam-sts-sdk.test.ts): the CLI cannot follow the dev clock.
  // Deleting the role ends its live sessions at once.
  const again = (await json(bob, 'sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'second'))['Credentials']
  const second: Creds = { accessKeyId: again.AccessKeyId, secretAccessKey: again.SecretAccessKey, sessionToken: again.SessionToken }
  await json(second, 'kms', 'list-keys')
  await fails(root, 'DeleteConflict', 'Cannot delete entity, must delete policies first.', 'iam', 'delete-role', '--role-name', 'deployer')
  await json(root, 'iam', 'delete-role-policy', '--role-name', 'deployer', '--policy-name', 'iam-read')
  await json(root, 'iam', 'delete-role', '--role-name', 'deployer')
  await fails(second, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'kms', 'list-keys')
})

test('group policies apply to their members', { skip }, async () => {
  await json(root, 'iam', 'create-user', '--user-name', 'carol')
  const key = (await json(root, 'iam', 'create-access-key', '--user-name', 'carol'))['AccessKey']
  const carol: Creds = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }
  await fails(carol, 'AccessDenied', 'User: ', 'iam', 'list-users')
  const group = (await json(root, 'iam', 'create-group', '--group-name', 'admins'))['Group']
  assert.match(group.GroupId, /^AGPA[A-Z2-7]{17}$/)
  await json(root, 'iam', 'add-user-to-group', '--group-name', 'admins', '--user-name', 'carol')
  await json(root, 'iam', 'put-group-policy', '--group-name', 'admins', '--policy-name', 'iam-all', '--policy-document', policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }))
  assert.deepEqual((await json(carol, 'iam', 'list-users'))['Users'].map((u: { UserName: string }) => u.UserName).sort(), ['bob', 'carol'])
  assert.deepEqual((await json(root, 'iam', 'get-group', '--group-name', 'admins'))['Users'].map((u: { UserName: string }) => u.UserName), ['carol'])
  assert.deepEqual((await json(root, 'iam', 'list-groups-for-user', '--user-name', 'carol'))['Groups'].map((g: { GroupName: string }) => g.GroupName), ['admins'])
  await json(root, 'iam', 'put-user-policy', '--user-name', 'carol', '--policy-name', 'no-delete', '--policy-document', policy({ Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' }))
  await fails(carol, 'AccessDenied', `User: arn:aws:iam::${ACCOUNT_ID}:user/carol is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::${ACCOUNT_ID}:user/bob with an explicit deny in an identity-based policy`, 'iam', 'delete-user', '--user-name', 'bob')
})

test('trent account create: a second account whose root calls KMS and IAM in its own account', { skip }, async () => {
  const env = { PATH: process.env['PATH'] ?? '', TRENT_DATA_DIR: trent.dataDir }
  // The server holds the SQLite store open; the CLI writes through WAL like a second connection.
  const out = spawnSync(process.execPath, [MAIN, 'account', 'create', '--account-id', '111122223333'], { env, encoding: 'utf8' })
  assert.equal(out.status, 0, out.stderr)
  const id = /AWS_ACCESS_KEY_ID=(\S+)/.exec(out.stdout)?.[1]
  const secret = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out.stdout)?.[1]
  assert.match(id ?? '', /^AKIA[A-Z2-7]{16}$/)
  const other: Creds = { accessKeyId: id!, secretAccessKey: secret! }
  assert.equal((await json(other, 'sts', 'get-caller-identity'))['Arn'], 'arn:aws:iam::111122223333:root')
  const created = await json(other, 'kms', 'create-key')
  assert.equal(created['KeyMetadata'].AWSAccountId, '111122223333')
  assert.equal((await json(other, 'iam', 'create-user', '--user-name', 'alice'))['User'].Arn, 'arn:aws:iam::111122223333:user/alice')
  const list = spawnSync(process.execPath, [MAIN, 'account', 'list'], { env, encoding: 'utf8' })
  assert.equal(list.status, 0, list.stderr)
  assert.match(list.stdout, new RegExp(`^${ACCOUNT_ID}  \\(default\\)\\n111122223333  created `))
  const dup = spawnSync(process.execPath, [MAIN, 'account', 'create', '--account-id', '111122223333'], { env, encoding: 'utf8' })
  assert.equal(dup.status, 1)
  assert.match(dup.stderr, /Account 111122223333 already exists/)
})
