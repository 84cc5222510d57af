// Table-driven tests of document validation: each invalid document and the message it answers.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MAX_KEY_POLICY_BYTES, parsePolicy } from './parse.js'
import { INVALID_PRINCIPAL } from './principal.js'
import { ACCT } from './test-support.js'

const ok = { Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'kms:*', Resource: '*' }
const v12 = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement })

const INVALID: [string, string, string, ('key' | 'identity')?][] = [
  ['not JSON', '{"Version":', 'The policy document is not valid JSON.'],
  ['not an object', '[1,2]', 'The policy document must be a JSON object.'],
  ['unknown top-level element', JSON.stringify({ Version: '2012-10-17', Statement: [ok], Extra: 1 }), 'The policy document contains an unknown element: Extra.'],
  ['bad Version', JSON.stringify({ Version: '2020-01-01', Statement: [ok] }), 'The policy document has an invalid Version: 2020-01-01. Use 2012-10-17.'],
  ['Id not a string', JSON.stringify({ Version: '2012-10-17', Id: 5, Statement: [ok] }), 'Id must be a string.'],
  ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'The policy document must contain a Statement.'],
  ['empty Statement list', v12(), 'The policy document must contain at least one Statement.'],
  ['statement not an object', v12('x'), 'Each Statement must be a JSON object.'],
  ['unknown statement element', v12({ ...ok, Actions: 'kms:*' }), 'Statement contains an unknown element: Actions.'],
  ['missing Effect', v12({ Principal: '*', Action: 'kms:*', Resource: '*' }), 'Missing required field Effect'],
  ['invalid Effect', v12({ ...ok, Effect: 'allow' }), 'Invalid effect: allow'],
  ['Sid not a string', v12({ ...ok, Sid: 3 }), 'Sid must be a string.'],
  ['duplicate Sid', v12({ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }), 'Statement IDs (SID) in a single policy must be unique: A.'],
  ['key policy statement without principal', v12({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }), 'Policy contains a statement with no principal.'],
  ['both Principal and NotPrincipal', v12({ ...ok, NotPrincipal: '*' }), 'Statement cannot contain both Principal and NotPrincipal.'],
  ['both Action and NotAction', v12({ ...ok, NotAction: 'kms:Decrypt' }), 'Statement cannot contain both Action and NotAction.'],
  ['both Resource and NotResource', v12({ ...ok, NotResource: '*' }), 'Statement cannot contain both Resource and NotResource.'],
  ['action without vendor', v12({ ...ok, Action: 'Decrypt' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['action not a string', v12({ ...ok, Action: [1] }), 'Action must be a string or a list of strings.'],
  ['empty action list', v12({ ...ok, Action: [] }), 'Action must be a string or a list of strings.'],
  ['resource not a string', v12({ ...ok, Resource: { a: 1 } }), 'Resource must be a string or a list of strings.'],
  ['principal wildcard inside an ARN', v12({ ...ok, Principal: { AWS: `arn:aws:iam::${ACCT}:user/*` } }), INVALID_PRINCIPAL],
  ['principal not an account or ARN', v12({ ...ok, Principal: { AWS: 'bob' } }), INVALID_PRINCIPAL],
  ['principal of an unknown kind', v12({ ...ok, Principal: { Group: 'x' } }), INVALID_PRINCIPAL],
  ['empty principal object', v12({ ...ok, Principal: {} }), INVALID_PRINCIPAL],
  ['principal string other than *', v12({ ...ok, Principal: 'bob' }), INVALID_PRINCIPAL],
  ['bad condition operator', v12({ ...ok, Condition: { StringEqualsX: { a: 'b' } } }), 'Invalid Condition type : StringEqualsX'],
  ['malformed variable in Resource', v12({ ...ok, Resource: 'arn:${aws:user name}' }), 'Invalid policy variable: ${aws:user name}'],
  ['disallowed character in a key policy', v12({ ...ok, Sid: 'caf\u20ac' }), 'The key policy contains characters that are not allowed.'],
  ['identity policy with a principal', v12(ok), 'Policy document should not specify a principal.', 'identity'],
  ['identity policy without Action', v12({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.', 'identity'],
  ['identity policy without Resource', v12({ Effect: 'Allow', Action: 'kms:*' }), 'Policy statement must contain resources.', 'identity'],
  ['identity policy Sid with spaces', v12({ Sid: 'a b', Effect: 'Allow', Action: 'kms:*', Resource: '*' }),
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*', 'identity'],
]

for (const [name, text, message, kind] of INVALID) {
  test(`parse error: ${name}`, () => {
    assert.deepEqual(parsePolicy(text, kind ?? 'key'), { ok: false, exception: 'MalformedPolicyDocumentException', message })
  })
}

test('parse: a key policy over 32 KB is LimitExceededException', () => {
  const big = v12({ ...ok, Sid: 'x'.repeat(MAX_KEY_POLICY_BYTES) })
  assert.deepEqual(parsePolicy(big, 'key'), { ok: false, exception: 'LimitExceededException', message: 'The key policy exceeds the maximum size of 32768 bytes.' })
})

const VALID: [string, string, number, ('key' | 'identity')?][] = [
  ['single statement object', JSON.stringify({ Version: '2012-10-17', Statement: ok }), 1],
  ['no Version means 2008-10-17', JSON.stringify({ Statement: [ok] }), 1],
  ['Version 2008-10-17', JSON.stringify({ Version: '2008-10-17', Statement: [ok] }), 1],
  ['Sid with spaces in a key policy', v12({ ...ok, Sid: 'Enable IAM User Permissions' }), 1],
  ['statement without Action or Resource is accepted in a key policy', v12({ Effect: 'Allow', Principal: '*' }), 1],
  ['Federated and CanonicalUser principals are valid syntax', v12({ ...ok, Principal: { Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc' } }), 1],
  ['service principal', v12({ ...ok, Principal: { Service: ['logs.amazonaws.com', 'ec2.amazonaws.com'] } }), 1],
  ['Latin-1 characters in a key policy', v12({ ...ok, Sid: 'Schl\u00fcssel' }), 1],
  ['identity policy', v12({ Sid: 'A1', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }), 1, 'identity'],
  ['the default key policy', `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCT}:root"},"Action":"kms:*","Resource":"*"}]}`, 1],
  ['two statements', v12(ok, { ...ok, Effect: 'Deny' }), 2],
]
for (const [name, text, statements, kind] of VALID) {
  test(`parse: ${name}`, () => {
    const r = parsePolicy(text, kind ?? 'key')
    assert.ok(r.ok, r.ok ? '' : r.message)
    assert.equal(r.policy.statements.length, statements)
  })
}

test('parse: Version and Id are kept', () => {
  const r = parsePolicy(JSON.stringify({ Version: '2012-10-17', Id: 'key-consolepolicy-3', Statement: [ok] }), 'key')
  assert.ok(r.ok)
  assert.equal(r.policy.version, '2012-10-17')
  assert.equal(r.policy.id, 'key-consolepolicy-3')
})
