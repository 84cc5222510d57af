// Table-driven tests of every condition operator, set operator, IfExists form and missing-key rule.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compileConditions, conditionsHold } from './conditions.js'
import { ConditionContext } from './context.js'

type Entries = Record<string, string | string[]>
interface Case { name: string; when: Record<string, Record<string, unknown>>; ctx: Entries; expect: boolean }

const c = (name: string, op: string, key: string, values: unknown, ctx: Entries, expect: boolean): Case =>
  ({ name, when: { [op]: { [key]: values } }, ctx, expect })

const K = 'kms:EncryptionContext:dept'
const CASES: Case[] = [
  // String operators
  c('StringEquals match', 'StringEquals', K, 'finance', { [K]: 'finance' }, true),
  c('StringEquals is case-sensitive', 'StringEquals', K, 'finance', { [K]: 'Finance' }, false),
  c('StringEquals any of several values (OR)', 'StringEquals', K, ['hr', 'finance'], { [K]: 'finance' }, true),
  c('StringEquals no value matches', 'StringEquals', K, ['hr', 'it'], { [K]: 'finance' }, false),
  c('StringEquals missing key is false', 'StringEquals', K, 'finance', {}, false),
  c('StringEquals does not expand wildcards', 'StringEquals', K, 'fin*', { [K]: 'finance' }, false),
  c('StringEquals condition key name is case-insensitive', 'StringEquals', 'KMS:ENCRYPTIONCONTEXT:DEPT', 'finance', { [K]: 'finance' }, true),
  c('StringEquals number value compared as text', 'StringEquals', 'kms:x', 42, { 'kms:x': '42' }, true),
  c('StringNotEquals differs', 'StringNotEquals', K, 'hr', { [K]: 'finance' }, true),
  c('StringNotEquals equal', 'StringNotEquals', K, 'finance', { [K]: 'finance' }, false),
  c('StringNotEquals NOR over values: one equal', 'StringNotEquals', K, ['hr', 'finance'], { [K]: 'finance' }, false),
  c('StringNotEquals NOR over values: none equal', 'StringNotEquals', K, ['hr', 'it'], { [K]: 'finance' }, true),
  c('StringNotEquals missing key is true', 'StringNotEquals', K, 'finance', {}, true),
  c('StringEqualsIgnoreCase folds case', 'StringEqualsIgnoreCase', K, 'FINANCE', { [K]: 'finance' }, true),
  c('StringEqualsIgnoreCase different', 'StringEqualsIgnoreCase', K, 'hr', { [K]: 'finance' }, false),
  c('StringNotEqualsIgnoreCase same but for case', 'StringNotEqualsIgnoreCase', K, 'FINANCE', { [K]: 'finance' }, false),
  c('StringNotEqualsIgnoreCase different', 'StringNotEqualsIgnoreCase', K, 'hr', { [K]: 'finance' }, true),
  c('StringNotEqualsIgnoreCase missing key', 'StringNotEqualsIgnoreCase', K, 'hr', {}, true),
  c('StringLike star', 'StringLike', K, 'fin*', { [K]: 'finance' }, true),
  c('StringLike star matches empty', 'StringLike', K, 'finance*', { [K]: 'finance' }, true),
  c('StringLike question mark one char', 'StringLike', K, 'h?', { [K]: 'hr' }, true),
  c('StringLike question mark not zero chars', 'StringLike', K, 'hr?', { [K]: 'hr' }, false),
  c('StringLike is case-sensitive', 'StringLike', K, 'FIN*', { [K]: 'finance' }, false),
  c('StringLike regex characters are literal', 'StringLike', K, 'a.c', { [K]: 'abc' }, false),
  c('StringLike dot literal matches', 'StringLike', K, 'a.c', { [K]: 'a.c' }, true),
  c('StringLike star crosses slashes', 'StringLike', 'kms:x', 'a/*', { 'kms:x': 'a/b/c' }, true),
  c('StringLike question is one code point', 'StringLike', 'kms:x', '?', { 'kms:x': '😀' }, true),
  c('StringNotLike no match', 'StringNotLike', K, 'hr*', { [K]: 'finance' }, true),
  c('StringNotLike match', 'StringNotLike', K, 'fin*', { [K]: 'finance' }, false),
  c('StringNotLike NOR over values', 'StringNotLike', K, ['hr*', 'fin*'], { [K]: 'finance' }, false),
  c('StringNotLike missing key is true', 'StringNotLike', K, 'fin*', {}, true),
  // Numeric operators
  c('NumericEquals', 'NumericEquals', 'kms:n', '7', { 'kms:n': '7' }, true),
  c('NumericEquals numeric, not textual', 'NumericEquals', 'kms:n', '7.0', { 'kms:n': '7' }, true),
  c('NumericEquals different', 'NumericEquals', 'kms:n', 7, { 'kms:n': '8' }, false),
  c('NumericEquals non-numeric request value', 'NumericEquals', 'kms:n', 7, { 'kms:n': 'seven' }, false),
  c('NumericNotEquals', 'NumericNotEquals', 'kms:n', 7, { 'kms:n': '8' }, true),
  c('NumericNotEquals equal', 'NumericNotEquals', 'kms:n', 7, { 'kms:n': '7' }, false),
  c('NumericNotEquals missing key', 'NumericNotEquals', 'kms:n', 7, {}, true),
  c('NumericLessThan true', 'NumericLessThan', 'kms:n', 10, { 'kms:n': '9' }, true),
  c('NumericLessThan equal is false', 'NumericLessThan', 'kms:n', 10, { 'kms:n': '10' }, false),
  c('NumericLessThanEquals equal', 'NumericLessThanEquals', 'kms:n', 10, { 'kms:n': '10' }, true),
  c('NumericLessThanEquals greater', 'NumericLessThanEquals', 'kms:n', 10, { 'kms:n': '11' }, false),
  c('NumericGreaterThan true', 'NumericGreaterThan', 'kms:n', 10, { 'kms:n': '11' }, true),
  c('NumericGreaterThan equal', 'NumericGreaterThan', 'kms:n', 10, { 'kms:n': '10' }, false),
  c('NumericGreaterThanEquals equal', 'NumericGreaterThanEquals', 'kms:n', 10, { 'kms:n': '10' }, true),
  c('NumericGreaterThanEquals less', 'NumericGreaterThanEquals', 'kms:n', 10, { 'kms:n': '9.5' }, false),
  c('NumericLessThan missing key', 'NumericLessThan', 'kms:n', 10, {}, false),
  c('NumericGreaterThanEquals negative numbers', 'NumericGreaterThanEquals', 'kms:n', -5, { 'kms:n': '-4' }, true),
  // Date operators
  c('DateEquals ISO', 'DateEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-01T00:00:00.000Z' }, true),
  c('DateEquals epoch vs ISO', 'DateEquals', 'aws:CurrentTime', '1767225600', { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true),
  c('DateNotEquals', 'DateNotEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-02T00:00:00Z' }, true),
  c('DateNotEquals equal', 'DateNotEquals', 'aws:CurrentTime', '2026-01-01', { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, false),
  c('DateLessThan before', 'DateLessThan', 'aws:CurrentTime', '2026-06-01T00:00:00Z', { 'aws:CurrentTime': '2026-05-31T23:59:59Z' }, true),
  c('DateLessThan after', 'DateLessThan', 'aws:CurrentTime', '2026-06-01T00:00:00Z', { 'aws:CurrentTime': '2026-06-01T00:00:01Z' }, false),
  c('DateLessThanEquals same instant', 'DateLessThanEquals', 'aws:CurrentTime', '2026-06-01T00:00:00Z', { 'aws:CurrentTime': '2026-06-01T02:00:00+02:00' }, true),
  c('DateGreaterThan after', 'DateGreaterThan', 'aws:CurrentTime', '2026-06-01T00:00:00Z', { 'aws:CurrentTime': '2026-06-01T00:00:01Z' }, true),
  c('DateGreaterThan same', 'DateGreaterThan', 'aws:CurrentTime', '2026-06-01T00:00:00Z', { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, false),
  c('DateGreaterThanEquals same', 'DateGreaterThanEquals', 'aws:CurrentTime', '2026-06-01T00:00:00Z', { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true),
  c('DateGreaterThanEquals with epoch request value', 'DateGreaterThanEquals', 'aws:EpochTime', '2026-01-01T00:00:00Z', { 'aws:EpochTime': '1767225599' }, false),
  c('DateLessThan unparsable request value', 'DateLessThan', 'aws:CurrentTime', '2026-06-01', { 'aws:CurrentTime': 'yesterday' }, false),
  // Bool, Binary
  c('Bool true', 'Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'true' }, true),
  c('Bool JSON boolean value', 'Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'true' }, true),
  c('Bool mismatch', 'Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'false' }, false),
  c('Bool case-insensitive value', 'Bool', 'aws:SecureTransport', 'TRUE', { 'aws:SecureTransport': 'true' }, true),
  c('Bool missing key', 'Bool', 'aws:SecureTransport', 'false', {}, false),
  c('BinaryEquals same bytes', 'BinaryEquals', 'kms:b', 'QmluYXJ5', { 'kms:b': 'QmluYXJ5' }, true),
  c('BinaryEquals other bytes', 'BinaryEquals', 'kms:b', 'QmluYXJ5', { 'kms:b': 'QmluYXJ6' }, false),
  c('BinaryEquals invalid request base64', 'BinaryEquals', 'kms:b', 'QmluYXJ5', { 'kms:b': '!!' }, false),
  // IP addresses
  c('IpAddress IPv4 in CIDR', 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.77' }, true),
  c('IpAddress IPv4 outside CIDR', 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.114.1' }, false),
  c('IpAddress single address', 'IpAddress', 'aws:SourceIp', '198.51.100.7', { 'aws:SourceIp': '198.51.100.7' }, true),
  c('IpAddress /32', 'IpAddress', 'aws:SourceIp', '198.51.100.7/32', { 'aws:SourceIp': '198.51.100.8' }, false),
  c('IpAddress IPv6 in range', 'IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db8:1234::1' }, true),
  c('IpAddress IPv6 outside', 'IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db9::1' }, false),
  c('IpAddress IPv4-mapped IPv6 request', 'IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '::ffff:10.1.2.3' }, true),
  c('IpAddress any of mixed families', 'IpAddress', 'aws:SourceIp', ['2001:db8::/32', '10.0.0.0/8'], { 'aws:SourceIp': '10.9.9.9' }, true),
  c('IpAddress non-address request value', 'IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': 'localhost' }, false),
  c('IpAddress missing key', 'IpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, false),
  c('NotIpAddress outside', 'NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '192.0.2.1' }, true),
  c('NotIpAddress inside', 'NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.0.0.1' }, false),
  c('NotIpAddress missing key', 'NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, true),
  // ARN operators
  c('ArnEquals exact', 'ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/admin', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin' }, true),
  c('ArnEquals is case-sensitive', 'ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/Admin', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin' }, false),
  c('ArnLike wildcard in resource', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/team/admin' }, true),
  c('ArnLike wildcard account segment', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin', { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/admin' }, true),
  c('ArnLike segment wildcard does not cross colons', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:*:role/admin', { 'aws:PrincipalArn': 'arn:aws:iam::1:role/admin' }, false),
  c('ArnLike resource part may hold colons', 'ArnLike', 'kms:a', 'arn:aws:logs:*:*:log-group:*', { 'kms:a': 'arn:aws:logs:us-east-1:111122223333:log-group:g:*' }, true),
  c('ArnLike question mark in region', 'ArnLike', 'kms:a', 'arn:aws:kms:us-east-?:*:key/*', { 'kms:a': 'arn:aws:kms:us-east-2:111122223333:key/k' }, true),
  c('ArnLike non-ARN request value', 'ArnLike', 'kms:a', 'arn:aws:kms:*:*:key/*', { 'kms:a': 'not-an-arn' }, false),
  c('ArnEquals also expands wildcards', 'ArnEquals', 'kms:a', 'arn:aws:kms:*:111122223333:key/*', { 'kms:a': 'arn:aws:kms:eu-west-1:111122223333:key/k' }, true),
  c('ArnNotEquals different', 'ArnNotEquals', 'kms:a', 'arn:aws:kms:*:111122223333:key/*', { 'kms:a': 'arn:aws:kms:eu-west-1:999988887777:key/k' }, true),
  c('ArnNotLike matching', 'ArnNotLike', 'kms:a', 'arn:aws:kms:*:111122223333:key/*', { 'kms:a': 'arn:aws:kms:eu-west-1:111122223333:key/k' }, false),
  c('ArnNotLike missing key', 'ArnNotLike', 'kms:a', 'arn:aws:kms:*:*:key/*', {}, true),
  // Null
  c('Null true when key absent', 'Null', 'kms:EncryptionContextKeys', 'true', {}, true),
  c('Null true when key present', 'Null', 'kms:EncryptionContextKeys', 'true', { 'kms:EncryptionContextKeys': ['a'] }, false),
  c('Null false requires the key (EC required)', 'Null', 'kms:EncryptionContextKeys', 'false', { 'kms:EncryptionContextKeys': ['a'] }, true),
  c('Null false with key absent', 'Null', 'kms:EncryptionContextKeys', false, {}, false),
  c('Null treats an empty list as absent', 'Null', 'kms:EncryptionContextKeys', 'true', { 'kms:EncryptionContextKeys': [] }, true),
  // IfExists
  c('StringEqualsIfExists absent', 'StringEqualsIfExists', K, 'finance', {}, true),
  c('StringEqualsIfExists present and equal', 'StringEqualsIfExists', K, 'finance', { [K]: 'finance' }, true),
  c('StringEqualsIfExists present and different', 'StringEqualsIfExists', K, 'finance', { [K]: 'hr' }, false),
  c('StringNotEqualsIfExists present and equal', 'StringNotEqualsIfExists', K, 'finance', { [K]: 'finance' }, false),
  c('NumericLessThanIfExists absent', 'NumericLessThanIfExists', 'kms:n', 5, {}, true),
  c('NumericLessThanIfExists present too big', 'NumericLessThanIfExists', 'kms:n', 5, { 'kms:n': '6' }, false),
  c('DateLessThanIfExists absent', 'DateLessThanIfExists', 'kms:ValidTo', '2026-01-01', {}, true),
  c('BoolIfExists absent', 'BoolIfExists', 'kms:GrantIsForAWSResource', 'true', {}, true),
  c('BoolIfExists present false', 'BoolIfExists', 'kms:GrantIsForAWSResource', 'true', { 'kms:GrantIsForAWSResource': 'false' }, false),
  c('IpAddressIfExists absent', 'IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', {}, true),
  c('ArnLikeIfExists absent', 'ArnLikeIfExists', 'kms:a', 'arn:*:*:*:*:*', {}, true),
  c('BinaryEqualsIfExists absent', 'BinaryEqualsIfExists', 'kms:b', 'QQ==', {}, true),
  c('StringLikeIfExists present matching', 'StringLikeIfExists', K, 'f*', { [K]: 'finance' }, true),
  // Set operators
  c('ForAnyValue one of the values matches', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', ['dept', 'team'], { 'kms:EncryptionContextKeys': ['project', 'team'] }, true),
  c('ForAnyValue none matches', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', ['dept'], { 'kms:EncryptionContextKeys': ['project', 'team'] }, false),
  c('ForAnyValue missing key is false', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', ['dept'], {}, false),
  c('ForAnyValue empty list is false', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', ['dept'], { 'kms:EncryptionContextKeys': [] }, false),
  c('ForAllValues all request values allowed', 'ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['dept', 'team'], { 'kms:EncryptionContextKeys': ['team', 'dept'] }, true),
  c('ForAllValues one request value not allowed', 'ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['dept'], { 'kms:EncryptionContextKeys': ['dept', 'team'] }, false),
  c('ForAllValues missing key is true', 'ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['dept'], {}, true),
  c('ForAllValues empty list is true', 'ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['dept'], { 'kms:EncryptionContextKeys': [] }, true),
  c('ForAllValues:StringLike', 'ForAllValues:StringLike', 'aws:TagKeys', ['app-*'], { 'aws:TagKeys': ['app-a', 'app-b'] }, true),
  c('ForAllValues:StringLike one outside', 'ForAllValues:StringLike', 'aws:TagKeys', ['app-*'], { 'aws:TagKeys': ['app-a', 'cost'] }, false),
  c('ForAnyValue:StringNotEquals some value differs', 'ForAnyValue:StringNotEquals', 'kms:GrantOperations', ['Decrypt'], { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] }, true),
  c('ForAnyValue:StringNotEquals all equal', 'ForAnyValue:StringNotEquals', 'kms:GrantOperations', ['Decrypt'], { 'kms:GrantOperations': ['Decrypt'] }, false),
  c('ForAllValues:StringNotEquals none listed', 'ForAllValues:StringNotEquals', 'kms:GrantOperations', ['CreateGrant'], { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] }, true),
  c('ForAllValues:StringNotEquals one listed', 'ForAllValues:StringNotEquals', 'kms:GrantOperations', ['CreateGrant'], { 'kms:GrantOperations': ['Decrypt', 'CreateGrant'] }, false),
  c('ForAnyValue:StringEqualsIgnoreCase', 'ForAnyValue:StringEqualsIgnoreCase', 'aws:TagKeys', ['OWNER'], { 'aws:TagKeys': ['owner'] }, true),
  c('ForAllValues:StringEqualsIfExists missing', 'ForAllValues:StringEqualsIfExists', 'aws:TagKeys', ['a'], {}, true),
  c('ForAnyValue:StringEqualsIfExists missing', 'ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['a'], {}, true),
  c('Plain operator on a multi-valued key: any value matches', 'StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'a'] }, true),
  c('Plain negated operator on a multi-valued key: none may match', 'StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'a'] }, false),
]

const COMBINATIONS: Case[] = [
  { name: 'two operators AND: both hold', when: { StringEquals: { [K]: 'finance' }, Bool: { 'aws:SecureTransport': 'true' } }, ctx: { [K]: 'finance', 'aws:SecureTransport': 'true' }, expect: true },
  { name: 'two operators AND: one fails', when: { StringEquals: { [K]: 'finance' }, Bool: { 'aws:SecureTransport': 'true' } }, ctx: { [K]: 'finance', 'aws:SecureTransport': 'false' }, expect: false },
  { name: 'two keys under one operator AND: both hold', when: { StringEquals: { [K]: 'finance', 'kms:CallerAccount': '111122223333' } }, ctx: { [K]: 'finance', 'kms:CallerAccount': '111122223333' }, expect: true },
  { name: 'two keys under one operator AND: one missing', when: { StringEquals: { [K]: 'finance', 'kms:CallerAccount': '111122223333' } }, ctx: { [K]: 'finance' }, expect: false },
  { name: 'empty block holds', when: {}, ctx: {}, expect: true },
]

for (const k of [...CASES, ...COMBINATIONS]) {
  test(`condition: ${k.name}`, () => {
    const compiled = compileConditions(k.when, true)
    assert.ok(typeof compiled !== 'string', String(compiled))
    assert.equal(conditionsHold(compiled, ConditionContext.of(k.ctx)), k.expect)
  })
}

const ERRORS: [string, unknown, string][] = [
  ['unknown operator', { StringEqualz: { a: 'b' } }, 'Invalid Condition type : StringEqualz'],
  ['Null has no IfExists form', { NullIfExists: { a: 'true' } }, 'Invalid Condition type : NullIfExists'],
  ['Null value must be true/false', { Null: { a: 'maybe' } }, 'Invalid Condition value: maybe'],
  ['numeric value', { NumericLessThan: { a: 'ten' } }, 'Invalid Condition value: ten'],
  ['date value', { DateLessThan: { a: 'next week' } }, 'Invalid Condition value: next week'],
  ['bool value', { Bool: { a: 'yes' } }, 'Invalid Condition value: yes'],
  ['binary value', { BinaryEquals: { a: 'not base64!' } }, 'Invalid Condition value: not base64!'],
  ['CIDR prefix too long', { IpAddress: { a: '10.0.0.0/33' } }, 'Invalid Condition value: 10.0.0.0/33'],
  ['not an address', { IpAddress: { a: '10.0.0/8' } }, 'Invalid Condition value: 10.0.0/8'],
  ['condition is not an object', ['StringEquals'], 'Condition must be an object.'],
  ['object value', { StringEquals: { a: { b: 'c' } } }, 'Condition StringEquals has an invalid value for a.'],
  ['empty list value', { StringEquals: { a: [] } }, 'Condition StringEquals has an invalid value for a.'],
  ['ForAllValues with an encryption-context key', { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:dept': 'x' } },
    'OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.'],
  ['ForAllValues with aws:RequestTag', { 'ForAllValues:StringEquals': { 'aws:RequestTag/app': 'x' } },
    'OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified tag or with an unspecified tag. To fix, remove ForAllValues.'],
  ['malformed variable', { StringEquals: { a: '${aws:user name}' } }, 'Invalid policy variable: ${aws:user name}'],
]
for (const [name, block, message] of ERRORS) {
  test(`condition error: ${name}`, () => assert.equal(compileConditions(block, true), message))
}
