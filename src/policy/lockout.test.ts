// The lockout safety check, unknown principals, and who may retire a grant.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConditionContext } from './context.js'
import { mayRetire, type GrantView } from './grants.js'
import { LOCKOUT_MESSAGE, lockoutViolation, unknownPrincipal } from './lockout.js'
import type { CompiledPolicy } from './policy-types.js'
import { INVALID_PRINCIPAL, type PolicyPrincipal } from './principal.js'
import { ACCT, doc, KEY_ARN, OTHER, policy, root, session, user } from './test-support.js'

const bob = user('bob')
const ident = (...s: unknown[]) => policy(doc(...s), 'identity')
const allow = (Principal: unknown, Action: unknown = 'kms:*') => ({ Effect: 'Allow', Principal, Action, Resource: '*' })

const LOCKOUT: [string, CompiledPolicy, PolicyPrincipal, CompiledPolicy[], boolean, string | undefined][] = [
  ['root delegation, root caller', policy(doc(allow({ AWS: ACCT }))), root(), [], false, undefined],
  ['root delegation, user with IAM PutKeyPolicy', policy(doc(allow({ AWS: ACCT }))), bob, [ident({ Effect: 'Allow', Action: 'kms:PutKeyPolicy', Resource: '*' })], false, undefined],
  ['root delegation, user without IAM permission', policy(doc(allow({ AWS: ACCT }))), bob, [], false, LOCKOUT_MESSAGE],
  ['policy naming only another user', policy(doc(allow({ AWS: user('alice').arn }))), bob, [], false, LOCKOUT_MESSAGE],
  ['policy naming the caller for kms:Put*', policy(doc(allow({ AWS: bob.arn }, 'kms:Put*'))), bob, [], false, undefined],
  ['policy naming the caller without PutKeyPolicy', policy(doc(allow({ AWS: bob.arn }, ['kms:Encrypt', 'kms:Decrypt']))), bob, [], false, LOCKOUT_MESSAGE],
  ['policy naming the caller role', policy(doc(allow({ AWS: `arn:aws:iam::${ACCT}:role/admin` }))), session('admin', 's'), [], false, undefined],
  ['policy denying PutKeyPolicy to everyone', policy(doc(allow({ AWS: ACCT }), { Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' })), root(), [], false, LOCKOUT_MESSAGE],
  ['bypass skips the check', policy(doc(allow({ AWS: user('alice').arn }))), bob, [], true, undefined],
]
for (const [name, p, principal, identityPolicies, bypass, expect] of LOCKOUT) {
  test(`lockout: ${name}`, () => {
    assert.equal(lockoutViolation({ policy: p, principal, identityPolicies, context: ConditionContext.of({}), keyArn: KEY_ARN, keyAccountId: ACCT, bypass }), expect)
  })
}

const known = new Set([`arn:aws:iam::${ACCT}:root`, bob.arn])
const PRINCIPALS: [string, CompiledPolicy, string | undefined][] = [
  ['all principals exist', policy(doc(allow({ AWS: [ACCT, bob.arn] }))), undefined],
  ['unknown user', policy(doc(allow({ AWS: user('ghost').arn }))), INVALID_PRINCIPAL],
  ['unknown account', policy(doc(allow({ AWS: OTHER }))), INVALID_PRINCIPAL],
  ['* and services need no lookup', policy(doc(allow('*'), allow({ Service: 'logs.amazonaws.com' }))), undefined],
]
for (const [name, p, expect] of PRINCIPALS) {
  test(`principals exist: ${name}`, () => assert.equal(unknownPrincipal(p, (a) => known.has(a)), expect))
}

const g: GrantView = { grantId: 'g', granteePrincipal: bob.arn, retiringPrincipal: `arn:aws:iam::${ACCT}:role/retirer`, operations: ['Decrypt'], issuingAccount: ACCT }
const RETIRE: [string, GrantView, PolicyPrincipal, boolean][] = [
  ['retiring principal (role session)', g, session('retirer', 's'), true],
  ['grantee without RetireGrant', g, bob, false],
  ['grantee with RetireGrant', { ...g, operations: ['Decrypt', 'RetireGrant'] }, bob, true],
  ['root of the issuing account', g, root(), true],
  ['root of another account', g, root(OTHER), false],
  ['unrelated user', g, user('alice'), false],
]
for (const [name, grant, principal, expect] of RETIRE) {
  test(`retire: ${name}`, () => assert.equal(mayRetire(grant, principal), expect))
}
