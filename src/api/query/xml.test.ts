import { test } from 'node:test'
import assert from 'node:assert/strict'
import { errorXml, isoSeconds, responseXml } from './xml.js'
import { QueryParams } from './params.js'

test('a response wraps the result and the request id as AWS does; lists are <member> elements; text is escaped', () => {
  const xml = responseXml('ListUserPolicies', 'https://iam.amazonaws.com/doc/2010-05-08/', { PolicyNames: ['a&b', '<c>'], IsTruncated: false, Marker: undefined }, 'rid-1')
  assert.equal(xml, '<ListUserPoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUserPoliciesResult>'
    + '<PolicyNames><member>a&amp;b</member><member>&lt;c&gt;</member></PolicyNames><IsTruncated>false</IsTruncated>'
    + '</ListUserPoliciesResult><ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></ListUserPoliciesResponse>')
})

test('actions without output answer only ResponseMetadata; timestamps are ISO 8601 to the second', () => {
  assert.equal(responseXml('DeleteUser', 'ns', undefined, 'r'), '<DeleteUserResponse xmlns="ns"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>')
  assert.equal(responseXml('X', 'ns', { User: { CreateDate: isoSeconds(Date.UTC(2026, 0, 2, 3, 4, 5, 678)) } }, 'r'),
    '<XResponse xmlns="ns"><XResult><User><CreateDate>2026-01-02T03:04:05Z</CreateDate></User></XResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></XResponse>')
})

test('errors are <ErrorResponse> with Type, Code, Message and RequestId', () => {
  assert.equal(errorXml('ns', 'Sender', 'NoSuchEntity', "The user with name <b> cannot be found.", 'r'),
    '<ErrorResponse xmlns="ns"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name &lt;b&gt; cannot be found.</Message></Error><RequestId>r</RequestId></ErrorResponse>')
})

test('form parameters: action, version, flattened tag lists, and AWS validation messages', () => {
  const p = new QueryParams(Buffer.from('Action=CreateUser&Version=2010-05-08&UserName=al%2Bice&Tags.member.1.Key=team&Tags.member.1.Value=a%20b&Tags.member.2.Key=x&MaxSessionDuration=abc'))
  assert.equal(p.action, 'CreateUser')
  assert.equal(p.version, '2010-05-08')
  assert.equal(p.name('UserName'), 'al+ice')
  assert.deepEqual(p.tags(), [{ Key: 'team', Value: 'a b' }, { Key: 'x', Value: '' }])
  assert.throws(() => p.req('RoleName'), { code: 'ValidationError', message: "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null" })
  assert.throws(() => p.int('MaxSessionDuration'), { code: 'ValidationError' })
  const bad = new QueryParams(Buffer.from('UserName=a%20b'))
  assert.throws(() => bad.name('UserName'), { message: "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+" })
})
