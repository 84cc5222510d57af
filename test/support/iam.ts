/** IAM and STS clients against a Trent process, and users/roles made through them, for the authorization tests. */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { REGION, ROOT_CREDENTIALS, type TrentProcess } from './server.js'

export interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

const opts = (t: TrentProcess, credentials: Creds) => ({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1, systemClockOffset: t.clockOffsetMs })
export const iamClient = (t: TrentProcess, c: Creds = ROOT_CREDENTIALS): IAMClient => new IAMClient(opts(t, c))
export const stsClient = (t: TrentProcess, c: Creds = ROOT_CREDENTIALS): STSClient => new STSClient(opts(t, c))

/** An identity policy document of these statements. */
export const identityPolicy = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements })

/** A user (in the account `admin` belongs to) with an access key and, if given, one inline policy. */
export async function newUser(t: TrentProcess, name: string, policy?: string, admin: Creds = ROOT_CREDENTIALS): Promise<Creds> {
  const iam = iamClient(t, admin)
  await iam.send(new CreateUserCommand({ UserName: name }))
  if (policy) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'kms', PolicyDocument: policy }))
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
  iam.destroy()
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}

/** A role the account may assume, with one inline policy, and a session of it assumed by the root. */
export async function assumedRole(t: TrentProcess, accountId: string, role: string, session: string, policy: string): Promise<Creds> {
  const iam = iamClient(t)
  await iam.send(new CreateRoleCommand({
    RoleName: role, AssumeRolePolicyDocument: identityPolicy({ Effect: 'Allow', Principal: { AWS: accountId }, Action: 'sts:AssumeRole' }),
  }))
  await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'kms', PolicyDocument: policy }))
  iam.destroy()
  const sts = stsClient(t)
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${role}`, RoleSessionName: session }))).Credentials!
  sts.destroy()
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
}
