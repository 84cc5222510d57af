// Table-driven tests of the KMS authorization decision: root delegation, cross-account, deny
// precedence, grants with constraints, non-key operations, and the exact AccessDenied messages.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConditionContext } from './context.js'
import type { GrantView } from './grants.js'
import { authorizeKms, type KmsDecision } from './kms-decision.js'
import type { CompiledPolicy } from './policy-types.js'
import type { PolicyPrincipal } from './principal.js'
import { ACCT, doc, KEY_ARN, OTHER, policy, root, session, user } from './test-support.js'

const ident = (...s: unknown[]) => policy(doc(...s), 'identity')
const allowKms = (Action: string | string[] = 'kms:*', Resource = '*') => ident({ Effect: 'Allow', Action, Resource })
const rootPolicy = policy(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }))
const bob = user('bob')
const eve = user('eve', OTHER)
const OTHER_ROOT = `arn:aws:iam::${OTHER}:root`

interface Case {
  name: string
  action?: string
  principal?: PolicyPrincipal
  keyPolicy?: CompiledPolicy | null // null: no key (non-key operation)
  identity?: CompiledPolicy[]
  grants?: GrantView[]
  ec?: Record<string, string>
  ctx?: Record<string, string>
  newGrant?: { operations: string[]; constraints?: { encryptionContextSubset?: Record<string, string>; encryptionContextEquals?: Record<string, string> } }
  expect: 'key-policy' | 'identity-policy' | 'grant' | 'explicit-deny-resource' | 'explicit-deny-identity' | 'no-resource-allow' | 'no-identity-allow'
}

const grant = (over: Partial<GrantView> = {}): GrantView =>
  ({ grantId: 'g1', granteePrincipal: bob.arn, operations: ['Decrypt', 'Encrypt'], issuingAccount: ACCT, ...over })

const CASES: Case[] = [
  // Root delegation
  { name: 'root principal with the default policy', principal: root(), expect: 'key-policy' },
  { name: 'user with the default policy and an IAM allow', identity: [allowKms()], expect: 'identity-policy' },
  { name: 'user with the default policy and no IAM policy', expect: 'no-identity-allow' },
  { name: 'user with an IAM allow for another action', identity: [allowKms('kms:Encrypt')], expect: 'no-identity-allow' },
  { name: 'user with an IAM allow for another key', identity: [allowKms('kms:*', 'arn:aws:kms:*:*:key/other')], expect: 'no-identity-allow' },
  { name: 'IAM allow is ineffective without a key-policy statement for the account',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: user('alice').arn }, Action: 'kms:*', Resource: '*' })), identity: [allowKms()], expect: 'no-resource-allow' },
  { name: 'key policy naming the user needs no IAM policy',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'kms:Decrypt', Resource: '*' })), expect: 'key-policy' },
  { name: 'key policy naming the role allows its session',
    principal: session('ops', 's'), keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/ops` }, Action: 'kms:*', Resource: '*' })), expect: 'key-policy' },
  { name: 'delegation statement limited to some actions', action: 'kms:ScheduleKeyDeletion',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' })), identity: [allowKms()], expect: 'no-resource-allow' },
  { name: 'IAM allow from a second identity policy', identity: [allowKms('kms:Encrypt'), allowKms('kms:Decrypt')], expect: 'identity-policy' },
  { name: 'Principal * with a condition that holds',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCT } } })),
    ctx: { 'kms:CallerAccount': ACCT }, expect: 'key-policy' },
  { name: 'Principal * with a condition that fails',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCT } } })),
    ctx: { 'kms:CallerAccount': OTHER }, expect: 'no-resource-allow' },
  // Deny precedence
  { name: 'key policy Deny beats a key policy Allow',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' })), expect: 'explicit-deny-resource' },
  { name: 'key policy Deny beats the root user', principal: root(),
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: ACCT }, Action: 'kms:Decrypt', Resource: '*' })), expect: 'explicit-deny-resource' },
  { name: 'IAM Deny beats a key policy Allow naming the user',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'kms:*', Resource: '*' })),
    identity: [ident({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' })], expect: 'explicit-deny-identity' },
  { name: 'IAM Deny is effective even without a delegation statement',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' })),
    identity: [allowKms(), ident({ Effect: 'Deny', NotAction: 'kms:Encrypt', Resource: '*' })], expect: 'explicit-deny-identity' },
  { name: 'IAM Deny beats a grant', grants: [grant()], identity: [ident({ Effect: 'Deny', Action: 'kms:*', Resource: '*' })], expect: 'explicit-deny-identity' },
  { name: 'key policy Deny beats a grant', grants: [grant()],
    keyPolicy: policy(doc({ Effect: 'Deny', Principal: { AWS: bob.arn }, Action: 'kms:*', Resource: '*' })), expect: 'explicit-deny-resource' },
  { name: 'Deny for everyone except one role (NotPrincipal) denies others',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:role/ops` }, Action: 'kms:*', Resource: '*' })), expect: 'explicit-deny-resource' },
  { name: 'Deny for everyone except one role (NotPrincipal) lets the role in', principal: session('ops', 'x'),
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:role/ops` }, Action: 'kms:*', Resource: '*' })), expect: 'key-policy' },
  { name: 'Deny with a condition that fails does not apply',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })),
    ctx: { 'aws:SecureTransport': 'true' }, expect: 'key-policy' },
  // Cross-account
  { name: 'cross-account: key policy names the account and IAM allows', principal: eve,
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: OTHER_ROOT }, Action: 'kms:Decrypt', Resource: '*' })), identity: [allowKms('kms:Decrypt', KEY_ARN)], expect: 'key-policy' },
  { name: 'cross-account: key policy names the account, no IAM allow', principal: eve,
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: OTHER_ROOT }, Action: 'kms:Decrypt', Resource: '*' })), expect: 'no-identity-allow' },
  { name: 'cross-account: key policy naming the user still needs IAM', principal: eve,
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: eve.arn }, Action: 'kms:Decrypt', Resource: '*' })), expect: 'no-identity-allow' },
  { name: 'cross-account: key policy naming the user and IAM allow', principal: eve,
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: eve.arn }, Action: 'kms:Decrypt', Resource: '*' })), identity: [allowKms()], expect: 'key-policy' },
  { name: 'cross-account: IAM allow alone is not enough', principal: eve, identity: [allowKms()], expect: 'no-resource-allow' },
  { name: 'cross-account: the other root needs only the key policy', principal: root(OTHER),
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'kms:*', Resource: '*' })), expect: 'key-policy' },
  { name: 'cross-account: operation not allowed across accounts', principal: eve, action: 'kms:PutKeyPolicy',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'kms:*', Resource: '*' })), identity: [allowKms()], expect: 'no-resource-allow' },
  { name: 'cross-account: ScheduleKeyDeletion is in-account only', principal: root(OTHER), action: 'kms:ScheduleKeyDeletion',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' })), expect: 'no-resource-allow' },
  { name: 'cross-account: DescribeKey is allowed across accounts', principal: eve, action: 'kms:DescribeKey',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'kms:DescribeKey', Resource: '*' })), identity: [allowKms()], expect: 'key-policy' },
  { name: 'cross-account: ReEncryptTo is allowed across accounts', principal: eve, action: 'kms:ReEncryptTo',
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'kms:ReEncrypt*', Resource: '*' })), identity: [allowKms()], expect: 'key-policy' },
  { name: 'cross-account: grant to the other user', principal: eve, grants: [grant({ granteePrincipal: eve.arn })], expect: 'grant' },
  // Grants
  { name: 'grant allows its operation', grants: [grant()], expect: 'grant' },
  { name: 'grant does not allow other operations', action: 'kms:GenerateDataKey', grants: [grant()], expect: 'no-identity-allow' },
  { name: 'grant for another grantee', grants: [grant({ granteePrincipal: user('alice').arn })], expect: 'no-identity-allow' },
  { name: 'grant to a role covers its sessions', principal: session('ops', 's'), grants: [grant({ granteePrincipal: `arn:aws:iam::${ACCT}:role/ops` })], expect: 'grant' },
  { name: 'grant EncryptionContextSubset holds', ec: { dept: 'fin', extra: '1' }, grants: [grant({ constraints: { encryptionContextSubset: { dept: 'fin' } } })], expect: 'grant' },
  { name: 'grant EncryptionContextSubset fails on value', ec: { dept: 'hr' }, grants: [grant({ constraints: { encryptionContextSubset: { dept: 'fin' } } })], expect: 'no-identity-allow' },
  { name: 'grant EncryptionContextSubset is case-sensitive', ec: { Dept: 'fin' }, grants: [grant({ constraints: { encryptionContextSubset: { dept: 'fin' } } })], expect: 'no-identity-allow' },
  { name: 'grant EncryptionContextEquals exact', ec: { dept: 'fin' }, grants: [grant({ constraints: { encryptionContextEquals: { dept: 'fin' } } })], expect: 'grant' },
  { name: 'grant EncryptionContextEquals rejects extra pairs', ec: { dept: 'fin', x: 'y' }, grants: [grant({ constraints: { encryptionContextEquals: { dept: 'fin' } } })], expect: 'no-identity-allow' },
  { name: 'grant EncryptionContextEquals rejects a missing context', grants: [grant({ constraints: { encryptionContextEquals: { dept: 'fin' } } })], expect: 'no-identity-allow' },
  { name: 'grant constraints do not apply to DescribeKey', action: 'kms:DescribeKey', grants: [grant({ operations: ['DescribeKey'], constraints: { encryptionContextEquals: { a: 'b' } } })], expect: 'grant' },
  { name: 'second grant matches when the first does not', ec: { dept: 'fin' },
    grants: [grant({ grantId: 'g1', constraints: { encryptionContextEquals: { dept: 'hr' } } }), grant({ grantId: 'g2' })], expect: 'grant' },
  { name: 'grant to the account root delegates to IAM: with an allow', grants: [grant({ granteePrincipal: `arn:aws:iam::${ACCT}:root` })],
    keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: user('alice').arn }, Action: 'kms:*', Resource: '*' })), identity: [allowKms('kms:Decrypt')], expect: 'grant' },
  { name: 'grant to the account root delegates to IAM: without an allow', grants: [grant({ granteePrincipal: `arn:aws:iam::${ACCT}:root` })], expect: 'no-identity-allow' },
  { name: 'grant with CreateGrant delegates a subset of its operations', action: 'kms:CreateGrant',
    grants: [grant({ operations: ['Decrypt', 'CreateGrant'] })], newGrant: { operations: ['Decrypt'] }, expect: 'grant' },
  { name: 'grant with CreateGrant cannot delegate more operations', action: 'kms:CreateGrant',
    grants: [grant({ operations: ['Decrypt', 'CreateGrant'] })], newGrant: { operations: ['Encrypt'] }, expect: 'no-identity-allow' },
  { name: 'grant with CreateGrant needs equal or stricter constraints', action: 'kms:CreateGrant',
    grants: [grant({ operations: ['Decrypt', 'CreateGrant'], constraints: { encryptionContextSubset: { a: '1' } } })],
    newGrant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: { a: '1', b: '2' } } }, expect: 'grant' },
  { name: 'grant with CreateGrant rejects looser constraints', action: 'kms:CreateGrant',
    grants: [grant({ operations: ['Decrypt', 'CreateGrant'], constraints: { encryptionContextSubset: { a: '1' } } })],
    newGrant: { operations: ['Decrypt'] }, expect: 'no-identity-allow' },
  // Non-key operations
  { name: 'CreateKey with an IAM allow', action: 'kms:CreateKey', keyPolicy: null, identity: [allowKms('kms:CreateKey')], expect: 'identity-policy' },
  { name: 'CreateKey without an IAM allow', action: 'kms:CreateKey', keyPolicy: null, expect: 'no-identity-allow' },
  { name: 'ListKeys by the root user', action: 'kms:ListKeys', principal: root(), keyPolicy: null, expect: 'identity-policy' },
  { name: 'GenerateRandom denied by IAM', action: 'kms:GenerateRandom', keyPolicy: null,
    identity: [allowKms(), ident({ Effect: 'Deny', Action: 'kms:GenerateRandom', Resource: '*' })], expect: 'explicit-deny-identity' },
  { name: 'CreateKey with a condition on kms:KeySpec', action: 'kms:CreateKey', keyPolicy: null, ctx: { 'kms:KeySpec': 'RSA_2048' },
    identity: [ident({ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } } })], expect: 'no-identity-allow' },
]

const reason = (d: KmsDecision) => (d.allowed ? d.by : d.reason)

for (const k of CASES) {
  test(`decision: ${k.name}`, () => {
    const d = authorizeKms({
      action: k.action ?? 'kms:Decrypt',
      principal: k.principal ?? bob,
      context: ConditionContext.of(k.ctx ?? {}),
      identityPolicies: k.identity ?? [],
      ...(k.keyPolicy === null ? {} : { key: { arn: KEY_ARN, accountId: ACCT, policy: k.keyPolicy ?? rootPolicy, grants: k.grants ?? [] } }),
      encryptionContext: k.ec ?? {},
      ...(k.newGrant ? { newGrant: k.newGrant } : {}),
    })
    assert.equal(reason(d), k.expect)
  })
}

const MESSAGES: [string, Partial<Case>, string][] = [
  ['no resource-based policy', { keyPolicy: policy(doc({ Effect: 'Allow', Principal: { AWS: user('alice').arn }, Action: 'kms:*', Resource: '*' })) },
    `User: ${bob.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} because no resource-based policy allows the kms:Decrypt action`],
  ['no identity-based policy', {},
    `User: ${bob.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} because no identity-based policy allows the kms:Decrypt action`],
  ['explicit deny in a resource-based policy', { keyPolicy: policy(doc({ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' })) },
    `User: ${bob.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} with an explicit deny in a resource-based policy`],
  ['explicit deny in an identity-based policy', { identity: [ident({ Effect: 'Deny', Action: 'kms:*', Resource: '*' })] },
    `User: ${bob.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} with an explicit deny in an identity-based policy`],
  ['non-key operation', { keyPolicy: null, action: 'kms:CreateKey' },
    `User: ${bob.arn} is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action`],
]
for (const [name, k, message] of MESSAGES) {
  test(`decision message: ${name}`, () => {
    const d = authorizeKms({
      action: k.action ?? 'kms:Decrypt', principal: bob, context: ConditionContext.of({}), identityPolicies: k.identity ?? [],
      ...(k.keyPolicy === null ? {} : { key: { arn: KEY_ARN, accountId: ACCT, policy: k.keyPolicy ?? rootPolicy, grants: [] } }),
    })
    assert.equal(d.allowed ? '' : d.message, message)
  })
}

const ALIAS = `arn:aws:kms:us-east-1:${ACCT}:alias/app`
const ALIAS_CASES: [string, CompiledPolicy[], string][] = [
  ['alias resource allowed by IAM', [allowKms('kms:CreateAlias', `arn:aws:kms:*:${ACCT}:alias/app*`)], 'identity-policy'],
  ['alias resource outside the IAM pattern', [allowKms('kms:CreateAlias', `arn:aws:kms:*:${ACCT}:alias/other*`)], 'no-identity-allow'],
]
for (const [name, identityPolicies, expect] of ALIAS_CASES) {
  test(`decision: ${name}`, () => {
    const d = authorizeKms({ action: 'kms:CreateAlias', principal: bob, context: ConditionContext.of({}), identityPolicies, resource: ALIAS })
    assert.equal(reason(d), expect)
    if (!d.allowed) assert.match(d.message, new RegExp(`on resource: ${ALIAS} because`))
  })
}

test('decision: a grant decision names the grant', () => {
  const d = authorizeKms({ action: 'kms:Encrypt', principal: bob, context: ConditionContext.of({}), identityPolicies: [],
    key: { arn: KEY_ARN, accountId: ACCT, policy: rootPolicy, grants: [grant({ grantId: 'abc' })] } })
  assert.deepEqual(d, { allowed: true, by: 'grant', grantId: 'abc' })
})
