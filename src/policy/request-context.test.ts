// The request-context builder: which keys each operation carries, defaults for omitted parameters,
// and the global aws: keys.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { KeyFacts, RequestFacts } from './request-facts.js'
import { buildRequestContext } from './request-context.js'
import { ACCT, KEY_ARN, session, user } from './test-support.js'

const key: KeyFacts = { arn: KEY_ARN, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS',
  aliases: ['alias/app'], tags: { env: 'prod' } }
const NOW = new Date('2026-11-28T23:00:00.000Z')
const facts = (operation: string, input: Record<string, unknown>, more: Partial<RequestFacts> = {}): RequestFacts =>
  ({ operation, input, principal: user('bob', ACCT, { team: 'blue' }), key, secureTransport: true, now: NOW, sourceIp: '203.0.113.9', ...more })

type Expect = Record<string, string[] | undefined>
const CASES: [string, RequestFacts, Expect][] = [
  ['Encrypt: context, default algorithm, alias', facts('Encrypt', { KeyId: 'alias/app', EncryptionContext: { Dept: 'fin', app: 'x' } }, { requestAlias: 'alias/app' }), {
    'kms:encryptioncontext:dept': ['fin'], 'kms:EncryptionContext:APP': ['x'], 'kms:EncryptionContextKeys': ['Dept', 'app'],
    'kms:EncryptionAlgorithm': ['SYMMETRIC_DEFAULT'], 'kms:RequestAlias': ['alias/app'] }],
  ['Encrypt without context has no context keys', facts('Encrypt', { KeyId: KEY_ARN }), {
    'kms:EncryptionContextKeys': undefined, 'kms:RequestAlias': undefined }],
  ['Decrypt with an RSA algorithm', facts('Decrypt', { EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), { 'kms:EncryptionAlgorithm': ['RSAES_OAEP_SHA_256'] }],
  ['GenerateDataKeyPair spec', facts('GenerateDataKeyPair', { KeyPairSpec: 'ECC_NIST_P256' }), { 'kms:DataKeyPairSpec': ['ECC_NIST_P256'], 'kms:EncryptionAlgorithm': ['SYMMETRIC_DEFAULT'] }],
  ['ReEncryptFrom uses the source side', facts('ReEncrypt', { SourceEncryptionContext: { a: '1' }, DestinationEncryptionContext: { b: '2' } }, { action: 'kms:ReEncryptFrom', reEncryptOnSameKey: true }), {
    'kms:EncryptionContext:a': ['1'], 'kms:EncryptionContext:b': undefined, 'kms:ReEncryptOnSameKey': ['true'] }],
  ['ReEncryptTo uses the destination side', facts('ReEncrypt', { SourceEncryptionContext: { a: '1' }, DestinationEncryptionContext: { b: '2' }, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }, { action: 'kms:ReEncryptTo' }), {
    'kms:EncryptionContext:b': ['2'], 'kms:EncryptionContext:a': undefined, 'kms:EncryptionAlgorithm': ['RSAES_OAEP_SHA_1'], 'kms:ReEncryptOnSameKey': ['false'] }],
  ['Sign: algorithm and default message type', facts('Sign', { SigningAlgorithm: 'ECDSA_SHA_256' }), { 'kms:SigningAlgorithm': ['ECDSA_SHA_256'], 'kms:MessageType': ['RAW'] }],
  ['Verify with DIGEST', facts('Verify', { SigningAlgorithm: 'RSASSA_PSS_SHA_256', MessageType: 'DIGEST' }), { 'kms:MessageType': ['DIGEST'] }],
  ['GenerateMac algorithm', facts('GenerateMac', { MacAlgorithm: 'HMAC_SHA_384' }), { 'kms:MacAlgorithm': ['HMAC_SHA_384'] }],
  ['DeriveSharedSecret algorithm', facts('DeriveSharedSecret', { KeyAgreementAlgorithm: 'ECDH' }), { 'kms:KeyAgreementAlgorithm': ['ECDH'] }],
  ['CreateGrant keys', facts('CreateGrant', { GranteePrincipal: 'arn:aws:iam::111122223333:role/r', RetiringPrincipal: 'arn:aws:iam::111122223333:user/x',
    Operations: ['Decrypt', 'Encrypt'], Constraints: { EncryptionContextSubset: { dept: 'fin' } } }), {
    'kms:GrantOperations': ['Decrypt', 'Encrypt'], 'kms:GranteePrincipal': ['arn:aws:iam::111122223333:role/r'],
    'kms:RetiringPrincipal': ['arn:aws:iam::111122223333:user/x'], 'kms:GrantConstraintType': ['EncryptionContextSubset'],
    'kms:EncryptionContext:dept': ['fin'], 'kms:GrantIsForAWSResource': ['false'] }],
  ['CreateGrant through a trusted service', facts('CreateGrant', { Operations: ['Decrypt'] }, { viaService: 'gateway.example.com' }), {
    'kms:GrantIsForAWSResource': ['true'], 'kms:ViaService': ['gateway.example.com'], 'kms:GrantConstraintType': undefined }],
  ['CreateKey defaults', facts('CreateKey', {}, { key: undefined }), {
    'kms:KeySpec': ['SYMMETRIC_DEFAULT'], 'kms:KeyUsage': ['ENCRYPT_DECRYPT'], 'kms:KeyOrigin': ['AWS_KMS'], 'kms:MultiRegion': ['false'],
    'kms:BypassPolicyLockoutSafetyCheck': ['false'], 'kms:CallerAccount': undefined, 'kms:ResourceAliases': undefined }],
  ['CreateKey with parameters and tags', facts('CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL', MultiRegion: true,
    BypassPolicyLockoutSafetyCheck: true, Tags: [{ TagKey: 'app', TagValue: 'a' }, { TagKey: 'cost', TagValue: '1' }] }, { key: undefined }), {
    'kms:KeySpec': ['RSA_2048'], 'kms:KeyUsage': ['SIGN_VERIFY'], 'kms:KeyOrigin': ['EXTERNAL'], 'kms:MultiRegionKeyType': ['PRIMARY'],
    'kms:BypassPolicyLockoutSafetyCheck': ['true'], 'aws:RequestTag/app': ['a'], 'aws:TagKeys': ['app', 'cost'] }],
  ['UntagResource tag keys', facts('UntagResource', { TagKeys: ['env'] }), { 'aws:TagKeys': ['env'], 'aws:ResourceTag/env': ['prod'] }],
  ['EnableKeyRotation default period', facts('EnableKeyRotation', {}), { 'kms:RotationPeriodInDays': ['365'] }],
  ['EnableKeyRotation given period', facts('EnableKeyRotation', { RotationPeriodInDays: 90 }), { 'kms:RotationPeriodInDays': ['90'] }],
  ['ScheduleKeyDeletion default window', facts('ScheduleKeyDeletion', {}), { 'kms:ScheduleKeyDeletionPendingWindowInDays': ['30'] }],
  ['ImportKeyMaterial with expiry', facts('ImportKeyMaterial', { ValidTo: new Date('2027-01-01T00:00:00Z') }), { 'kms:ExpirationModel': ['KEY_MATERIAL_EXPIRES'], 'kms:ValidTo': ['1798761600'] }],
  ['ImportKeyMaterial without expiry', facts('ImportKeyMaterial', { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }), { 'kms:ExpirationModel': ['KEY_MATERIAL_DOES_NOT_EXPIRE'], 'kms:ValidTo': undefined }],
  ['GetParametersForImport', facts('GetParametersForImport', { WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' }), { 'kms:WrappingAlgorithm': ['RSAES_OAEP_SHA_256'], 'kms:WrappingKeySpec': ['RSA_4096'] }],
  ['PutKeyPolicy bypass flag', facts('PutKeyPolicy', { BypassPolicyLockoutSafetyCheck: true }), { 'kms:BypassPolicyLockoutSafetyCheck': ['true'] }],
  ['key properties on a key operation', facts('DisableKey', {}), {
    'kms:KeySpec': ['SYMMETRIC_DEFAULT'], 'kms:KeyUsage': ['ENCRYPT_DECRYPT'], 'kms:KeyOrigin': ['AWS_KMS'], 'kms:CallerAccount': [ACCT],
    'kms:ResourceAliases': ['alias/app'], 'aws:ResourceTag/env': ['prod'], 'kms:EncryptionAlgorithm': undefined, 'kms:RequestAlias': undefined }],
  ['global keys for a user', facts('ListKeys', {}, { key: undefined }), {
    'aws:PrincipalArn': ['arn:aws:iam::111122223333:user/bob'], 'aws:PrincipalAccount': [ACCT], 'aws:PrincipalType': ['User'],
    'aws:username': ['bob'], 'aws:userid': ['AIDABOB'], 'aws:PrincipalTag/team': ['blue'], 'aws:SourceIp': ['203.0.113.9'],
    'aws:CurrentTime': ['2026-11-28T23:00:00.000Z'], 'aws:EpochTime': ['1795906800'], 'aws:SecureTransport': ['true'], 'kms:KeySpec': undefined }],
  ['global keys for a role session', facts('ListKeys', {}, { key: undefined, principal: session('ops', 's1'), secureTransport: false }), {
    'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/ops'], 'aws:PrincipalType': ['AssumedRole'], 'aws:username': undefined,
    'aws:userid': ['AROAOPS:s1'], 'aws:SecureTransport': ['false'] }],
]

for (const [name, f, expect] of CASES) {
  test(`request context: ${name}`, () => {
    const ctx = buildRequestContext(f)
    for (const [k, v] of Object.entries(expect)) assert.deepEqual(ctx.get(k), v, k)
  })
}
