import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AccountRootDirectory } from './identity-directory.js'

test('AccountRootDirectory: the roots of known accounts exist and have no identity policies; nothing else exists', async () => {
  const d = new AccountRootDirectory(['000000000000'])
  assert.equal(await d.principalExists('arn:aws:iam::000000000000:root'), true)
  for (const other of ['arn:aws:iam::111122223333:root', 'arn:aws:iam::000000000000:user/alice', '000000000000', 'arn:aws:iam::000000000000:root ']) {
    assert.equal(await d.principalExists(other), false, other)
  }
  const signer = { accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', type: 'Root' as const, accessKeyId: 'AKIAEXAMPLE000000000' }
  assert.deepEqual(await d.identityPolicies(), [])
  assert.deepEqual(await d.rootPrincipalOf('arn:aws:iam::000000000000:root', signer), signer)
  assert.equal(await d.rootPrincipalOf('arn:aws:iam::111122223333:root', signer), undefined)
})
