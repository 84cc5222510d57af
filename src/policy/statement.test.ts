// Table-driven tests of statement matching: Action/NotAction, Resource/NotResource, Principal/
// NotPrincipal, case rules, and policy variables with defaults and escapes.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConditionContext } from './context.js'
import { evaluatePolicy, type PolicyOutcome } from './evaluate.js'
import type { PolicyPrincipal } from './principal.js'
import { ACCT, doc, KEY_ARN, OTHER, policy, root, session, user } from './test-support.js'

type Expect = 'allow' | 'account' | 'deny' | 'none'
interface Case {
  name: string
  statement: Record<string, unknown>
  kind?: 'key' | 'identity'
  action?: string
  resource?: string
  principal?: PolicyPrincipal
  ctx?: Record<string, string | string[]>
  version?: string
  expect: Expect
}

const outcome = (o: PolicyOutcome): Expect =>
  o.deny !== undefined ? 'deny' : o.allowDirect ? 'allow' : o.allowAccount ? 'account' : 'none'

const allowAll = { Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }
const bob = user('bob')
const CASES: Case[] = [
  // Actions
  { name: 'exact action', statement: { ...allowAll, Action: 'kms:Decrypt' }, expect: 'allow' },
  { name: 'action names are case-insensitive', statement: { ...allowAll, Action: 'KMS:decrypt' }, expect: 'allow' },
  { name: 'action request case-insensitive', statement: { ...allowAll, Action: 'kms:Decrypt' }, action: 'kms:DECRYPT', expect: 'allow' },
  { name: 'other action does not match', statement: { ...allowAll, Action: 'kms:Encrypt' }, expect: 'none' },
  { name: 'prefix wildcard', statement: { ...allowAll, Action: 'kms:Generate*' }, action: 'kms:GenerateDataKeyPair', expect: 'allow' },
  { name: 'wildcard is anchored', statement: { ...allowAll, Action: 'kms:Generate*' }, action: 'kms:ReGenerate', expect: 'none' },
  { name: 'question-mark wildcard', statement: { ...allowAll, Action: 'kms:?ecrypt' }, expect: 'allow' },
  { name: 'middle wildcard, case-insensitive', statement: { ...allowAll, Action: 'kms:re*from' }, action: 'kms:ReEncryptFrom', expect: 'allow' },
  { name: 'bare * action', statement: { ...allowAll, Action: '*' }, expect: 'allow' },
  { name: 'list of actions', statement: { ...allowAll, Action: ['kms:Encrypt', 'kms:Decrypt'] }, expect: 'allow' },
  { name: 'other service prefix', statement: { ...allowAll, Action: 's3:*' }, expect: 'none' },
  { name: 'NotAction excludes the named action', statement: { Effect: 'Allow', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' }, expect: 'none' },
  { name: 'NotAction matches others', statement: { Effect: 'Allow', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' }, action: 'kms:Encrypt', expect: 'allow' },
  { name: 'NotAction with wildcard', statement: { Effect: 'Deny', Principal: '*', NotAction: 'kms:Describe*', Resource: '*' }, action: 'kms:DescribeKey', expect: 'none' },
  { name: 'NotAction Deny applies to others', statement: { Effect: 'Deny', Principal: '*', NotAction: 'kms:Describe*', Resource: '*' }, expect: 'deny' },
  // Resources
  { name: 'resource * matches the key', statement: allowAll, expect: 'allow' },
  { name: 'exact key ARN', statement: { ...allowAll, Resource: KEY_ARN }, expect: 'allow' },
  { name: 'another key ARN', statement: { ...allowAll, Resource: `arn:aws:kms:us-east-1:${ACCT}:key/other` }, expect: 'none' },
  { name: 'resource wildcard', statement: { ...allowAll, Resource: `arn:aws:kms:*:${ACCT}:key/*` }, expect: 'allow' },
  { name: 'resource matching is case-sensitive', statement: { ...allowAll, Resource: KEY_ARN.toUpperCase() }, expect: 'none' },
  { name: 'NotResource excludes the key', statement: { Effect: 'Allow', Principal: '*', Action: 'kms:*', NotResource: KEY_ARN }, expect: 'none' },
  { name: 'NotResource matches other keys', statement: { Effect: 'Allow', Principal: '*', Action: 'kms:*', NotResource: 'arn:aws:kms:*:*:alias/*' }, expect: 'allow' },
  { name: 'key-policy statement without Resource has no effect', statement: { Effect: 'Allow', Principal: '*', Action: 'kms:*' }, expect: 'none' },
  { name: 'key-policy statement without Action has no effect', statement: { Effect: 'Allow', Principal: '*', Resource: '*' }, expect: 'none' },
  // Principals
  { name: 'Principal * matches a user', statement: allowAll, principal: bob, expect: 'allow' },
  { name: 'AWS * matches', statement: { ...allowAll, Principal: { AWS: '*' } }, principal: bob, expect: 'allow' },
  { name: 'user ARN names the user', statement: { ...allowAll, Principal: { AWS: bob.arn } }, principal: bob, expect: 'allow' },
  { name: 'user ARN does not name another user', statement: { ...allowAll, Principal: { AWS: bob.arn } }, principal: user('alice'), expect: 'none' },
  { name: 'account root ARN delegates for a user', statement: { ...allowAll, Principal: { AWS: `arn:aws:iam::${ACCT}:root` } }, principal: bob, expect: 'account' },
  { name: 'bare account id delegates for a user', statement: { ...allowAll, Principal: { AWS: ACCT } }, principal: bob, expect: 'account' },
  { name: 'account principal names the root user directly', statement: { ...allowAll, Principal: { AWS: ACCT } }, principal: root(), expect: 'allow' },
  { name: 'account principal of another account', statement: { ...allowAll, Principal: { AWS: OTHER } }, principal: bob, expect: 'none' },
  { name: 'role ARN matches its sessions', statement: { ...allowAll, Principal: { AWS: `arn:aws:iam::${ACCT}:role/ops` } }, principal: session('ops', 's1'), expect: 'allow' },
  { name: 'role ARN does not match another role', statement: { ...allowAll, Principal: { AWS: `arn:aws:iam::${ACCT}:role/dev` } }, principal: session('ops', 's1'), expect: 'none' },
  { name: 'session ARN matches that session', statement: { ...allowAll, Principal: { AWS: `arn:aws:sts::${ACCT}:assumed-role/ops/s1` } }, principal: session('ops', 's1'), expect: 'allow' },
  { name: 'list of principals', statement: { ...allowAll, Principal: { AWS: [user('alice').arn, bob.arn] } }, principal: bob, expect: 'allow' },
  { name: 'service principal matches the service', statement: { ...allowAll, Principal: { Service: 'logs.amazonaws.com' } },
    principal: { arn: 'logs.amazonaws.com', accountId: ACCT, type: 'Service', userId: 'logs', service: 'logs.amazonaws.com' }, expect: 'allow' },
  { name: 'service principal does not match a user', statement: { ...allowAll, Principal: { Service: 'logs.amazonaws.com' } }, principal: bob, expect: 'none' },
  { name: 'NotPrincipal excludes the named user', statement: { Effect: 'Deny', NotPrincipal: { AWS: bob.arn }, Action: 'kms:*', Resource: '*' }, principal: bob, expect: 'none' },
  { name: 'NotPrincipal applies to everyone else', statement: { Effect: 'Deny', NotPrincipal: { AWS: bob.arn }, Action: 'kms:*', Resource: '*' }, principal: user('alice'), expect: 'deny' },
  { name: 'NotPrincipal account excludes its users', statement: { Effect: 'Deny', NotPrincipal: { AWS: ACCT }, Action: 'kms:*', Resource: '*' }, principal: bob, expect: 'none' },
  { name: 'Deny naming the account applies to its users', statement: { Effect: 'Deny', Principal: { AWS: ACCT }, Action: 'kms:*', Resource: '*' }, principal: bob, expect: 'deny' },
  { name: 'identity policy applies to its holder', kind: 'identity', statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN }, principal: bob, expect: 'allow' },
  { name: 'identity policy for another key', kind: 'identity', statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:*:key/other' }, principal: bob, expect: 'none' },
  // Policy variables
  { name: 'variable in Resource', kind: 'identity', statement: { Effect: 'Allow', Action: 'kms:*', Resource: `arn:aws:kms:*:${ACCT}:alias/\${aws:username}-*` },
    resource: `arn:aws:kms:us-east-1:${ACCT}:alias/bob-app`, principal: bob, expect: 'allow' },
  { name: 'variable in Resource for another user', kind: 'identity', statement: { Effect: 'Allow', Action: 'kms:*', Resource: `arn:aws:kms:*:${ACCT}:alias/\${aws:username}-*` },
    resource: `arn:aws:kms:us-east-1:${ACCT}:alias/alice-app`, principal: bob, expect: 'none' },
  { name: 'unresolved variable in Resource does not match', kind: 'identity', statement: { Effect: 'Allow', Action: 'kms:*', Resource: 'arn:aws:kms:*:*:alias/${aws:username}' },
    resource: `arn:aws:kms:us-east-1:${ACCT}:alias/ops`, principal: session('ops', 's1'), expect: 'none' },
  { name: 'variable default used when unresolved', kind: 'identity', statement: { Effect: 'Allow', Action: 'kms:*', Resource: "arn:aws:kms:*:*:alias/${aws:username, 'shared'}" },
    resource: `arn:aws:kms:us-east-1:${ACCT}:alias/shared`, principal: session('ops', 's1'), expect: 'allow' },
  { name: 'variable default ignored when resolved', kind: 'identity', statement: { Effect: 'Allow', Action: 'kms:*', Resource: "arn:aws:kms:*:*:alias/${aws:username, 'shared'}" },
    resource: `arn:aws:kms:us-east-1:${ACCT}:alias/shared`, principal: bob, expect: 'none' },
  { name: 'principal tag variable in condition', statement: { ...allowAll, Condition: { StringEquals: { 'kms:EncryptionContext:team': '${aws:PrincipalTag/team}' } } },
    principal: user('carol', ACCT, { team: 'blue' }), ctx: { 'kms:EncryptionContext:team': 'blue' }, expect: 'allow' },
  { name: 'principal tag variable mismatch', statement: { ...allowAll, Condition: { StringEquals: { 'kms:EncryptionContext:team': '${aws:PrincipalTag/team}' } } },
    principal: user('carol', ACCT, { team: 'blue' }), ctx: { 'kms:EncryptionContext:team': 'red' }, expect: 'none' },
  { name: 'unresolved variable makes a condition fail', statement: { ...allowAll, Condition: { StringEquals: { 'kms:EncryptionContext:team': '${aws:PrincipalTag/team}' } } },
    ctx: { 'kms:EncryptionContext:team': 'blue' }, expect: 'none' },
  { name: 'unresolved variable makes a negated condition fail too', statement: { ...allowAll, Condition: { StringNotEquals: { 'kms:EncryptionContext:team': '${aws:PrincipalTag/team}' } } },
    ctx: { 'kms:EncryptionContext:team': 'blue' }, expect: 'none' },
  { name: 'aws:userid variable', statement: { ...allowAll, Condition: { StringLike: { 'kms:EncryptionContext:owner': '${aws:userid}' } } },
    principal: bob, ctx: { 'kms:EncryptionContext:owner': 'AIDABOB' }, expect: 'allow' },
  { name: 'aws:PrincipalAccount variable in ArnLike', statement: { ...allowAll, Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:user/*' } } },
    principal: bob, ctx: { 'aws:PrincipalArn': bob.arn }, expect: 'allow' },
  { name: 'escape ${*} is a literal star', statement: { ...allowAll, Condition: { StringLike: { 'kms:EncryptionContext:p': 'a${*}' } } },
    ctx: { 'kms:EncryptionContext:p': 'a*' }, expect: 'allow' },
  { name: 'escape ${*} is not a wildcard', statement: { ...allowAll, Condition: { StringLike: { 'kms:EncryptionContext:p': 'a${*}' } } },
    ctx: { 'kms:EncryptionContext:p': 'abc' }, expect: 'none' },
  { name: 'escape ${?} is a literal question mark', statement: { ...allowAll, Condition: { StringLike: { 'kms:EncryptionContext:p': 'why${?}' } } },
    ctx: { 'kms:EncryptionContext:p': 'why?' }, expect: 'allow' },
  { name: 'escape ${$} is a literal dollar', statement: { ...allowAll, Condition: { StringEquals: { 'kms:EncryptionContext:p': '${$}{x}' } } },
    ctx: { 'kms:EncryptionContext:p': '${x}' }, expect: 'allow' },
  { name: 'substituted value is literal, not a wildcard', statement: { ...allowAll, Condition: { StringLike: { 'kms:EncryptionContext:p': '${aws:PrincipalTag/p}' } } },
    principal: user('dan', ACCT, { p: 'a*' }), ctx: { 'kms:EncryptionContext:p': 'abc' }, expect: 'none' },
  { name: 'variables are plain text in Version 2008-10-17', version: '2008-10-17', statement: { ...allowAll, Condition: { StringEquals: { 'kms:EncryptionContext:u': '${aws:username}' } } },
    principal: bob, ctx: { 'kms:EncryptionContext:u': '${aws:username}' }, expect: 'allow' },
  { name: 'multi-valued keys never resolve as variables', statement: { ...allowAll, Condition: { StringEquals: { 'kms:EncryptionContext:k': '${aws:TagKeys}' } } },
    ctx: { 'kms:EncryptionContext:k': 'a', 'aws:TagKeys': ['a', 'b'] }, expect: 'none' },
]

for (const k of CASES) {
  test(`statement: ${k.name}`, () => {
    const p = policy({ Version: k.version ?? '2012-10-17', Statement: [k.statement] }, k.kind ?? 'key')
    const principal = k.principal ?? bob
    const ctx = ConditionContext.of({ 'aws:username': principal.userName, 'aws:userid': principal.userId,
      'aws:PrincipalAccount': principal.accountId,
      ...Object.fromEntries(Object.entries(principal.tags ?? {}).map(([t, v]) => [`aws:PrincipalTag/${t}`, v])), ...k.ctx })
    const o = evaluatePolicy(p, { action: k.action ?? 'kms:Decrypt', resource: k.resource ?? KEY_ARN, principal, context: ctx })
    assert.equal(outcome(o), k.expect)
  })
}

test('statement: Deny reports its Sid and wins over an earlier Allow', () => {
  const p = policy(doc(allowAll, { Sid: 'NoDecrypt', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }))
  assert.deepEqual(evaluatePolicy(p, { action: 'kms:Decrypt', resource: KEY_ARN, principal: bob, context: ConditionContext.of({}) }),
    { deny: 'NoDecrypt', allowDirect: true, allowAccount: false })
})
