import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { EncryptResponse, KeyMetadata } from './generated/kms-model.js'
import { serializeOutput } from './serialize.js'

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab'
const ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY}`

test('Encrypt: blobs become standard base64', () => {
  const out = serializeOutput('Encrypt', { CiphertextBlob: Buffer.from([0xfb, 0xff, 0x00, 0x01]), KeyId: ARN, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
  assert.deepEqual(out, { CiphertextBlob: '+/8AAQ==', KeyId: ARN, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
})

test('a Uint8Array view is encoded from its own bytes only', () => {
  const backing = new Uint8Array([1, 2, 3, 4, 5])
  assert.deepEqual(serializeOutput('GenerateRandom', { Plaintext: Buffer.from(backing.buffer, 1, 2) }), { Plaintext: 'AgM=' })
})

test('DescribeKey: Dates become epoch seconds, undefined members vanish, nesting follows the model', () => {
  const meta: KeyMetadata = {
    KeyId: KEY, Arn: ARN, CreationDate: new Date(1700000000123), Enabled: true, KeyState: 'Enabled',
    DeletionDate: undefined, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: true,
    MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: ARN, Region: 'us-east-1' }, ReplicaKeys: [] },
    PendingDeletionWindowInDays: 7,
  }
  const out = serializeOutput('DescribeKey', { KeyMetadata: meta })
  assert.equal(
    JSON.stringify(out),
    `{"KeyMetadata":{"KeyId":"${KEY}","Arn":"${ARN}","CreationDate":1700000000.123,"Enabled":true,"KeyState":"Enabled",` +
      `"EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"MultiRegion":true,"MultiRegionConfiguration":{"MultiRegionKeyType":"PRIMARY",` +
      `"PrimaryKey":{"Arn":"${ARN}","Region":"us-east-1"},"ReplicaKeys":[]},"PendingDeletionWindowInDays":7}}`,
  )
})

test('lists of structures are walked element by element', () => {
  const out = serializeOutput('ListAliases', {
    Aliases: [{ AliasName: 'alias/a', CreationDate: new Date(1000) }, { AliasName: 'alias/b', TargetKeyId: KEY }],
    Truncated: false,
  })
  assert.deepEqual(out, { Aliases: [{ AliasName: 'alias/a', CreationDate: 1 }, { AliasName: 'alias/b', TargetKeyId: KEY }], Truncated: false })
})

test('members outside the model are never written', () => {
  const internal = { KeyId: KEY, CiphertextBlob: Buffer.from('c'), material: Buffer.from('secret') }
  const response: EncryptResponse = internal
  assert.deepEqual(serializeOutput('Encrypt', response), { CiphertextBlob: 'Yw==', KeyId: KEY })
})

test('operations without an output shape serialize to {}', () => {
  assert.deepEqual(serializeOutput('CreateAlias', {}), {})
  assert.deepEqual(serializeOutput('ConnectCustomKeyStore', {}), {})
})

test('a handler returning the wrong runtime type is a TypeError, not a garbled response', () => {
  const bad = { CiphertextBlob: 'not bytes' } as unknown as EncryptResponse
  assert.throws(() => serializeOutput('Encrypt', bad), { name: 'TypeError', message: 'CiphertextBlob: expected a Buffer' })
  const badDate = { KeyMetadata: { KeyId: KEY, CreationDate: new Date(Number.NaN) } }
  assert.throws(() => serializeOutput('DescribeKey', badDate), { name: 'TypeError', message: 'CreationDate: expected a valid Date' })
})
