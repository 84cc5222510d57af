import assert from 'node:assert/strict'
import { test } from 'node:test'
import { firstHeader } from './raw-headers.js'

test('firstHeader matches names in any case, returns the first of repeated headers, and skips other names', () => {
  const raw = ['Host', 'kms', 'User-Agent', 'aws-cli/2', 'AUTHORIZATION', 'first', 'authorization', 'second', 'X-Amz-Date']
  assert.equal(firstHeader(raw, 'user-agent'), 'aws-cli/2')
  assert.equal(firstHeader(raw, 'authorization'), 'first')
  // Same length as "user-agent" but another name; and a trailing name without a value.
  assert.equal(firstHeader(raw, 'user-agenx'), undefined)
  assert.equal(firstHeader(raw, 'x-amz-date'), undefined)
})
