// README's lists of implemented and unsupported operations must match what the server does.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { OPERATIONS as MODEL } from '../src/api/generated/kms-model.js'
import { OPERATIONS as IMPLEMENTED } from '../src/kms/operations/index.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

function listed(marker: string): string[] {
  const m = new RegExp(`<!-- operations:${marker} -->([\\s\\S]*?)<!-- /operations:${marker} -->`).exec(readme)
  assert.ok(m, `README has no operations:${marker} block`)
  return m[1]!.split(',').map((s) => s.trim()).filter(Boolean).sort()
}

test('README lists exactly the implemented operations', () => {
  assert.deepEqual(listed('implemented'), Object.keys(IMPLEMENTED).sort())
})

test('README lists every other operation of the AWS model as unsupported', () => {
  const rest = Object.keys(MODEL).filter((op) => !(op in IMPLEMENTED)).sort()
  assert.deepEqual(listed('unsupported'), rest)
})
