import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { GrantOperation, KeySpec, KeyUsageType } from '../../api/generated/kms-model.js'
import { InvalidArnException, ValidationException } from '../errors.js'
import type { KeyRecord } from '../records.js'
import { sampleKey } from '../../storage/conformance.js'
import { checkConstraints, checkOperations, checkPrincipal, grantOperationsFor } from './grant-rules.js'

const key = (keySpec: KeySpec, keyUsage: KeyUsageType): KeyRecord => ({ ...sampleKey(), keySpec, keyUsage })
const MGMT: GrantOperation[] = ['CreateGrant', 'DescribeKey', 'RetireGrant']

test('grant operations per kind of key, as the Developer Guide lists them', () => {
  const table: [KeySpec, KeyUsageType, GrantOperation[]][] = [
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo']],
    ['RSA_3072', 'ENCRYPT_DECRYPT', ['Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey']],
    ['RSA_2048', 'SIGN_VERIFY', ['Sign', 'Verify', 'GetPublicKey']],
    ['ECC_NIST_P384', 'SIGN_VERIFY', ['Sign', 'Verify', 'GetPublicKey']],
    ['ML_DSA_65', 'SIGN_VERIFY', ['Sign', 'Verify', 'GetPublicKey']],
    ['HMAC_512', 'GENERATE_VERIFY_MAC', ['GenerateMac', 'VerifyMac']],
    ['ECC_NIST_P521', 'KEY_AGREEMENT', ['DeriveSharedSecret', 'GetPublicKey']],
  ]
  for (const [spec, usage, ops] of table) assert.deepEqual(grantOperationsFor({ keySpec: spec, keyUsage: usage }), [...ops, ...MGMT], `${spec} ${usage}`)
})

test('checkOperations de-duplicates, and refuses empty lists, CreateGrant alone and operations the key cannot do', () => {
  const sym = key('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT')
  assert.deepEqual(checkOperations(sym, ['Encrypt', 'Decrypt', 'Encrypt']), ['Encrypt', 'Decrypt'])
  assert.deepEqual(checkOperations(sym, ['CreateGrant', 'Decrypt']), ['CreateGrant', 'Decrypt'])
  const rejects = (k: KeyRecord, ops: GrantOperation[], message: string | RegExp) =>
    assert.throws(() => checkOperations(k, ops), (e) => e instanceof ValidationException && (typeof message === 'string' ? e.message === message : message.test(e.message)))
  rejects(sym, [], /at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1$/)
  rejects(sym, ['CreateGrant', 'CreateGrant'], 'Grants must not contain only the CreateGrant operation.')
  rejects(sym, ['Sign', 'Encrypt', 'VerifyMac'], 'Grant operations [Sign, VerifyMac] are not valid for a KMS key with KeyUsage ENCRYPT_DECRYPT and KeySpec SYMMETRIC_DEFAULT.')
  rejects(key('RSA_4096', 'ENCRYPT_DECRYPT'), ['GenerateDataKey'], /^Grant operations \[GenerateDataKey\] are not valid/)
  rejects(key('HMAC_224', 'GENERATE_VERIFY_MAC'), ['GetPublicKey'], /^Grant operations \[GetPublicKey\] are not valid/)
})

test('principal ARN forms a grant may name', () => {
  const valid = [
    'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/path/to/alice',
    'arn:aws:iam::111122223333:role/app', 'arn:aws:sts::111122223333:assumed-role/app/session-1', 'arn:aws:sts::111122223333:federated-user/bob',
    'arn:aws-us-gov:iam::111122223333:root',
  ]
  for (const arn of valid) assert.equal(checkPrincipal(arn), arn)
  const invalid = [
    'ec2.amazonaws.com', '111122223333', 'arn:aws:iam::111122223333:group/admins', 'arn:aws:iam::1111:root', 'arn:aws:iam::111122223333:user/',
    'arn:aws:s3:::bucket', 'arn:aws:sts::111122223333:assumed-role/app', 'arn:aws:iam::111122223333:root/extra',
  ]
  for (const arn of invalid) {
    assert.throws(() => checkPrincipal(arn), (e) => e instanceof InvalidArnException && e.message === `ARN does not refer to a valid principal: ${arn}`, arn)
  }
})

test('constraints: only on symmetric encryption keys; empty maps count as absent', () => {
  const sym = key('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT')
  assert.deepEqual(checkConstraints(sym, { EncryptionContextEquals: { a: '1' }, EncryptionContextSubset: { b: '2' } }),
    { encryptionContextEquals: { a: '1' }, encryptionContextSubset: { b: '2' } })
  assert.equal(checkConstraints(sym, { EncryptionContextSubset: {} }), undefined)
  assert.equal(checkConstraints(sym, undefined), undefined)
  for (const k of [key('RSA_2048', 'ENCRYPT_DECRYPT'), key('ECC_NIST_P256', 'SIGN_VERIFY'), key('HMAC_256', 'GENERATE_VERIFY_MAC'), key('ECC_NIST_P256', 'KEY_AGREEMENT')]) {
    assert.equal(checkConstraints(k, { EncryptionContextEquals: {} }), undefined)
    assert.throws(() => checkConstraints(k, { EncryptionContextSubset: { a: 'b' } }),
      (e) => e instanceof ValidationException && e.message === 'Grant constraints are not supported for grants on asymmetric KMS keys or HMAC KMS keys.')
  }
})
