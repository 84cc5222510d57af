import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rootPrincipal } from '../../auth/principal.js'
import { mayRetire, type PolicyPrincipal } from '../../policy/index.js'
import { sampleKey } from '../../storage/conformance.js'
import { sampleGrant } from '../../storage/conformance-grants.js'
import { asPolicyPrincipal, toGrantView } from './grant-access.js'

const ACCT = '000000000000'
const user = (name: string, accountId = ACCT): PolicyPrincipal => ({ arn: `arn:aws:iam::${accountId}:user/${name}`, accountId, type: 'User', userId: `AIDA${name}` })
const rootOf = (accountId: string) => asPolicyPrincipal(rootPrincipal(accountId, 'AKIAEXAMPLE'))

test('a stored grant, seen through toGrantView, is retirable exactly by whom AWS allows', () => {
  const key = sampleKey()
  const grant = toGrantView(sampleGrant(key, {
    granteePrincipal: user('app').arn, retiringPrincipal: user('ops').arn, operations: ['Encrypt'], constraints: { encryptionContextEquals: { a: '1' } },
  }))
  assert.deepEqual(grant.constraints, { encryptionContextEquals: { a: '1' } })
  const table: [string, PolicyPrincipal, boolean][] = [
    ['the retiring principal', user('ops'), true],
    ['the grantee, whose grant lacks RetireGrant', user('app'), false],
    ['the root of the issuing account', rootOf(ACCT), true],
    ['the root of another account', rootOf('111122223333'), false],
    ['an unrelated user', user('eve'), false],
  ]
  for (const [who, principal, expected] of table) assert.equal(mayRetire(grant, principal), expected, who)
  const withRetire = toGrantView(sampleGrant(key, { granteePrincipal: user('app').arn, operations: ['Encrypt', 'RetireGrant'] }))
  assert.equal(mayRetire(withRetire, user('app')), true)
  assert.equal(mayRetire(withRetire, user('app', '111122223333')), false)
})
