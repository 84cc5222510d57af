/**
 * Micro-benchmark of policy/: the per-request authorization cost of an Encrypt under a realistic
 * 10-statement key policy with conditions plus a user's identity policy (compiled once, as the request
 * path will cache them), against the same call by the root principal.
 *
 *   npx tsc -b && node dist/bench/policy-eval.js [iterations]
 *
 * The cost counted is what the request path adds: buildRequestContext + authorizeKms.
 */
import { authorizeKms, buildRequestContext, parsePolicy, type CompiledPolicy, type KeyFacts, type PolicyPrincipal, type RequestFacts } from '../src/policy/index.js'

const ACCT = '111122223333'
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const role = (name: string) => `arn:aws:iam::${ACCT}:role/${name}`

const KEY_POLICY = {
  Version: '2012-10-17',
  Id: 'key-consolepolicy-3',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: [role('KeyAdmin'), role('SecOps')] },
      Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
        'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' },
    { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: [role('App'), role('Batch')] },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:app': 'billing' } } },
    { Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: role('App') },
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
    { Sid: 'Deny without TLS', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'Deny outside the corporate network', Effect: 'Deny', Principal: '*', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*',
      Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32'] }, Bool: { 'aws:ViaAWSService': 'false' } } },
    { Sid: 'Require encryption context', Effect: 'Deny', Principal: '*', Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Resource: '*',
      Condition: { Null: { 'kms:EncryptionContextKeys': 'true' } } },
    { Sid: 'Only allowed context keys', Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*',
      Condition: { 'ForAnyValue:StringNotLike': { 'kms:EncryptionContextKeys': ['app', 'tenant', 'aws:*'] } } },
    { Sid: 'Partner account decrypt', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*',
      Condition: { StringLike: { 'kms:EncryptionContext:tenant': 'partner-*' } } },
    { Sid: 'Deny key deletion after hours', Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
  ],
}

const USER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'UseTeamKeys', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: `arn:aws:kms:*:${ACCT}:key/*`,
      Condition: { StringEquals: { 'kms:EncryptionContext:tenant': '${aws:PrincipalTag/tenant}' }, 'ForAllValues:StringLike': { 'aws:TagKeys': ['team-*'] } } },
    { Sid: 'DenyOtherRegions', Effect: 'Deny', Action: 'kms:*', NotResource: 'arn:aws:kms:us-east-1:*:key/*' },
  ],
}

function compile(doc: unknown, kind: 'key' | 'identity'): CompiledPolicy {
  const r = parsePolicy(JSON.stringify(doc), kind)
  if (!r.ok) throw new Error(r.message)
  return r.policy
}

const keyPolicy = compile(KEY_POLICY, 'key')
const userPolicy = compile(USER_POLICY, 'identity')
const key: KeyFacts = { arn: KEY_ARN, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', aliases: ['alias/billing'], tags: { env: 'prod' } }
const ec = { app: 'billing', tenant: 'acme' }
const user: PolicyPrincipal = { arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, type: 'User', userId: 'AIDAALICE', userName: 'alice', tags: { tenant: 'acme' } }
const rootUser: PolicyPrincipal = { arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, type: 'Account', userId: ACCT }

function once(principal: PolicyPrincipal, identityPolicies: CompiledPolicy[]): boolean {
  const facts: RequestFacts = { operation: 'Encrypt', input: { KeyId: KEY_ARN, EncryptionContext: ec }, principal, key,
    sourceIp: '10.1.2.3', secureTransport: true, now: new Date(1_795_906_800_000) }
  const d = authorizeKms({ action: 'kms:Encrypt', principal, context: buildRequestContext(facts), identityPolicies,
    key: { arn: KEY_ARN, accountId: ACCT, policy: keyPolicy, grants: [] }, encryptionContext: ec })
  return d.allowed
}

function measure(label: string, fn: () => boolean, n: number): number {
  if (!fn()) throw new Error(`${label}: expected the request to be allowed`)
  for (let i = 0; i < n / 10; i++) fn() // warm up the JIT
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  const us = Number(process.hrtime.bigint() - start) / 1000 / n
  console.log(`${label.padEnd(58)} ${us.toFixed(2)} µs/request  (${Math.round(1e6 / us).toLocaleString('en')} /s)`)
  return us
}

const n = Number(process.argv[2] ?? 200_000)
const parseUs = (() => {
  const start = process.hrtime.bigint()
  for (let i = 0; i < 1000; i++) compile(KEY_POLICY, 'key')
  return Number(process.hrtime.bigint() - start) / 1000 / 1000
})()
console.log(`compile the 10-statement key policy (once per policy change)      ${parseUs.toFixed(1)} µs`)
const u = measure('Encrypt by a user: key policy (10 st.) + user policy', () => once(user, [userPolicy]), n)
const r = measure('Encrypt by the root principal: key policy only', () => once(rootUser, []), n)
// Trent's Encrypt runs at ~3,300 req/s on one core (bench/RESULTS.md): ~300 µs of CPU per request.
console.log(`share of a ~300 µs Encrypt: user ${(u / 300 * 100).toFixed(1)}%, root ${(r / 300 * 100).toFixed(1)}%`)
