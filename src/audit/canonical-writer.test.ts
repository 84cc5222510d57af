import { test } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalJson } from './canonical.js'
import { canonicalText } from './canonical-writer.js'
import type { CloudTrailRecord } from './record.js'

const base: CloudTrailRecord = {
  eventVersion: '1.11',
  userIdentity: { type: 'IAMUser', principalId: 'AIDA1', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', accessKeyId: 'AKIA1', userName: 'alice' },
  eventTime: '2026-11-29T00:00:00Z',
  eventSource: 'kms.amazonaws.com',
  eventName: 'Encrypt',
  awsRegion: 'us-east-1',
  sourceIPAddress: '127.0.0.1',
  userAgent: 'aws-sdk-js/3 "quoted" \\ back\tslash',
  requestParameters: { keyId: 'alias/a', encryptionContext: { b: '2', a: '1', '10': 'ten', '9': 'nine', 'é': 'x', Z: 'z', '01': 'lead' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  responseElements: null,
  requestID: 'r-1',
  eventID: 'e-1',
  readOnly: true,
  resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:us-east-1:111122223333:key/k' }],
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
}

const variants: unknown[] = [
  base,
  { ...base, errorCode: 'AccessDenied', errorMessage: 'denied \u2028 \ud800 lone surrogate, emoji 😀, control \u0001', userAgent: undefined },
  { ...base, requestParameters: null, resources: undefined, userIdentity: { type: 'Unknown' } },
  { ...base, responseElements: { keyMetadata: { keyId: 'k', creationDate: 'Jan 4, 2022, 9:33:14 PM', enabled: true, multiRegion: false, keyUsage: 'ENCRYPT_DECRYPT', encryptionAlgorithms: ['SYMMETRIC_DEFAULT'], n: 1.5e-7, big: 1e21, neg: -0 } } },
  { ...base, serviceEventDetails: { rotationType: 'AUTOMATIC', previousKeyMaterialId: 'a' }, additionalEventData: { nested: [[1, [2, { y: null, x: undefined }]], [], {}] } },
  { ...base, userIdentity: { ...base.userIdentity, sessionContext: { attributes: { mfaAuthenticated: 'false', creationDate: '2026-01-01T00:00:00Z' }, sessionIssuer: { type: 'Role', arn: 'arn' } } } },
  { z: [undefined, () => 1, Symbol('s'), NaN, Infinity, null, 'x'], f: () => 1, s: Symbol('t'), d: new Date(0), b: Buffer.from('hi'), m: new Map([[1, 2]]) },
  JSON.parse('{"__proto__": {"x": 1}, "a": 1, "4294967295": "not an index", "4294967294": "index", "-1": "neg", "1.5": "frac"}'),
  { '': 'empty key', ' ': 'space', '~': 'tilde', 'A': 'upper', 'a': 'lower', '\u00ff': 'ÿ', '\ud83d\ude00': 'astral', '\uffff': 'bmp max' },
  'plain', 42, true, null, [],
]

test('canonicalText is byte-identical to canonicalJson on varied records and values', () => {
  for (const v of variants) assert.equal(canonicalText(v), canonicalJson(v))
})

test('canonicalText is byte-identical on randomized nested records', () => {
  let seed = 7
  const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
  const keyPool = ['a', 'B', 'b', '0', '2', '10', 'keyId', 'éclair', '__proto__', 'x y', '"q"', '\\', '\n']
  const gen = (depth: number): unknown => {
    switch (rand(depth > 3 ? 5 : 8)) {
      case 0: return keyPool[rand(keyPool.length)]! + String.fromCharCode(rand(0x3000))
      case 1: return rand(2000) / 7 - 100
      case 2: return rand(2) === 0
      case 3: return null
      case 4: return undefined
      case 5: return Array.from({ length: rand(4) }, () => gen(depth + 1))
      default: {
        const o: Record<string, unknown> = {}
        for (let i = rand(6); i > 0; i--) o[keyPool[rand(keyPool.length)]!] = gen(depth + 1)
        return o
      }
    }
  }
  for (let i = 0; i < 2000; i++) {
    const record = { ...base, requestParameters: gen(0), additionalEventData: gen(1) }
    assert.equal(canonicalText(record), canonicalJson(record))
  }
})
