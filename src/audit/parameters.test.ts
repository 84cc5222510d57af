import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cloudTrailDate, isReadOnly, requestParameters } from './parameters.js'

test('request parameters are lowerCamelCase; blobs never appear; the encryption context keeps its keys', () => {
  const plaintext = Buffer.from('top secret')
  assert.deepEqual(requestParameters('Encrypt', { KeyId: 'alias/a', Plaintext: plaintext, EncryptionContext: { Department: 'Finance' } }), {
    keyId: 'alias/a', encryptionContext: { Department: 'Finance' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  })
  assert.deepEqual(requestParameters('Decrypt', { CiphertextBlob: plaintext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', KeyId: 'k' }), {
    keyId: 'k', encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
  })
  assert.deepEqual(requestParameters('Sign', { KeyId: 'k', Message: plaintext, SigningAlgorithm: 'ECDSA_SHA_256' }), { keyId: 'k', signingAlgorithm: 'ECDSA_SHA_256' })
  assert.deepEqual(requestParameters('VerifyMac', { KeyId: 'k', Message: plaintext, Mac: plaintext, MacAlgorithm: 'HMAC_SHA_256' }), { keyId: 'k', macAlgorithm: 'HMAC_SHA_256' })
  assert.deepEqual(requestParameters('TagResource', { KeyId: 'k', Tags: [{ TagKey: 'a', TagValue: 'b' }] }), { keyId: 'k', tags: [{ tagKey: 'a', tagValue: 'b' }] })
  assert.deepEqual(requestParameters('ImportKeyMaterial', { KeyId: 'k', ImportToken: plaintext, EncryptedKeyMaterial: plaintext, ValidTo: new Date(0) }), {
    keyId: 'k', validTo: 'Jan 1, 1970, 12:00:00 AM',
  })
  assert.equal(requestParameters('ListKeys', {}), null)
})

test('sensitive strings are never recorded', () => {
  const params = requestParameters('CreateCustomKeyStore', { CustomKeyStoreName: 'n', KeyStorePassword: 'hunter22' })
  assert.deepEqual(params, { customKeyStoreName: 'n' })
})

test('CloudTrail date format and readOnly', () => {
  assert.equal(cloudTrailDate(Date.UTC(2022, 0, 4, 21, 33, 14)), 'Jan 4, 2022, 9:33:14 PM')
  assert.equal(isReadOnly('Encrypt'), true)
  assert.equal(isReadOnly('GetKeyLastUsage'), true)
  assert.equal(isReadOnly('ScheduleKeyDeletion'), false)
  assert.equal(isReadOnly('TagResource'), false)
})

test('grant tokens are never recorded: not in GrantTokens lists, not as RetireGrant\'s GrantToken', () => {
  const token = 'AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWViN2I1MWM4Mzc0MWFiYjc5Mjg1MTk0Njk3'
  assert.deepEqual(requestParameters('Decrypt', { CiphertextBlob: Buffer.alloc(8), GrantTokens: [token, token] }), { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
  assert.equal(requestParameters('RetireGrant', { GrantToken: token }), null)
  assert.deepEqual(requestParameters('CreateGrant', { KeyId: 'k', GranteePrincipal: 'arn:aws:iam::000000000000:user/a', Operations: ['Decrypt'], GrantTokens: [token] }), {
    keyId: 'k', granteePrincipal: 'arn:aws:iam::000000000000:user/a', operations: ['Decrypt'],
  })
})
