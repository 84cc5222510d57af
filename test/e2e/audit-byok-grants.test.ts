/**
 * The audit trail of the operations added beside it: BYOK (GetParametersForImport, ImportKeyMaterial,
 * DeleteImportedKeyMaterial), grants (CreateGrant, RetireGrant, RevokeGrant, grant tokens on other calls)
 * and the seed file. Each call leaves exactly one record, and no record holds an import token, wrapped
 * or plain key material, a wrapping public key or a grant token.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, EncryptCommand, GetParametersForImportCommand,
  ImportKeyMaterialCommand, RetireGrantCommand, RevokeGrantCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { ACCOUNT_ID, TrentProcess } from '../support/server.js'
import { auditRecords, type StoredRecord } from '../support/audit-db.js'
import { createExternalKey, wrapWithOpenssl } from './import-helpers.js'

const SEEDED = '66666666-6666-4666-8666-666666666666'
const seededMaterial = randomBytes(32)
let dir: string
let trent: TrentProcess
let kms: KMSClient
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trent-audit-seed-'))
  const seedFile = join(dir, 'seed.yaml')
  writeFileSync(seedFile, `keys:\n  - keyId: ${SEEDED}\n    material: ${seededMaterial.toString('base64')}\naliases:\n  - name: alias/audit-seeded\n    keyId: ${SEEDED}\n`)
  trent = await TrentProcess.start({ env: { TRENT_SEED_FILE: seedFile } })
  kms = trent.client()
})
after(async () => { await trent.dispose(); rmSync(dir, { recursive: true, force: true }) })

const one = (requestId: string | undefined): StoredRecord => {
  const found = auditRecords(trent.dataDir).filter((r) => r.record['requestID'] === requestId)
  assert.equal(found.length, 1, `exactly one record for request ${requestId}`)
  return found[0]!
}

/** No record anywhere holds any of `secrets`, in base64, hex or as text. */
function assertAbsent(secrets: readonly Uint8Array[]): void {
  for (const r of auditRecords(trent.dataDir)) {
    for (const s of secrets) {
      const b = Buffer.from(s)
      for (const form of [b.toString('base64'), b.toString('hex'), b.toString('base64url')]) {
        assert.ok(!r.text.includes(form.slice(0, 40)), `record ${r.seq} (${r.record['eventName']}) leaks a secret`)
      }
    }
  }
}

test('the seed file\'s changes are AwsServiceEvents from the seed file, and its material is never recorded', async () => {
  const events = auditRecords(trent.dataDir).filter((r) => r.record['serviceEventDetails']?.source === 'seed file')
  assert.deepEqual(events.map((r) => r.record['eventName']), ['CreateKey', 'ImportKeyMaterial', 'CreateAlias'])
  for (const { record } of events) {
    assert.equal(record['eventType'], 'AwsServiceEvent')
    assert.equal(record['userIdentity'].invokedBy, 'AWS Internal')
    assert.equal(record['resources'][0].ARN, `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${SEEDED}`)
  }
  assertAbsent([seededMaterial])
})

test('BYOK calls leave one record each, with neither the token, the wrapping key nor the material', async () => {
  const key = await createExternalKey(kms)
  const params = await kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))
  const material = randomBytes(32)
  const wrapped = wrapWithOpenssl(params.PublicKey!, 'RSAES_OAEP_SHA_256', material)
  const imported = await kms.send(new ImportKeyMaterialCommand({
    KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }))
  const ciphertext = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!
  const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }))

  const get = one(params.$metadata.requestId).record
  // readOnly as CloudTrail marks Get* calls, although Trent commits the record with the stored wrapping key.
  assert.deepEqual([get['eventName'], get['readOnly']], ['GetParametersForImport', true])
  assert.deepEqual(get['requestParameters'], { keyId: key.KeyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048' })
  const imp = one(imported.$metadata.requestId).record
  assert.deepEqual([imp['eventName'], imp['readOnly'], imp['errorCode']], ['ImportKeyMaterial', false, undefined])
  assert.deepEqual(imp['requestParameters'], { keyId: key.KeyId, expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
  assert.equal(imp['resources'][0].ARN, key.Arn)
  const del = one(deleted.$metadata.requestId).record
  assert.deepEqual([del['eventName'], del['readOnly']], ['DeleteImportedKeyMaterial', false])
  assertAbsent([params.ImportToken!, params.PublicKey!, wrapped, material, ciphertext])
})

test('grant calls leave one record each; grant tokens never appear, CreateGrant records the grant id', async () => {
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const grantee = `arn:aws:iam::${ACCOUNT_ID}:user/app`
  const created = await kms.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: grantee, RetiringPrincipal: grantee, Operations: ['Decrypt', 'Encrypt'] }))
  const second = await kms.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: grantee, Operations: ['Decrypt'], GrantTokens: [created.GrantToken!] }))
  const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('g'), GrantTokens: [created.GrantToken!] }))).CiphertextBlob!
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: blob, GrantTokens: [created.GrantToken!, second.GrantToken!] }))
  const retired = await kms.send(new RetireGrantCommand({ GrantToken: created.GrantToken }))
  const revoked = await kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: second.GrantId }))

  const c = one(created.$metadata.requestId).record
  assert.deepEqual([c['eventName'], c['readOnly']], ['CreateGrant', false])
  assert.deepEqual(c['requestParameters'], { keyId: key.KeyId, granteePrincipal: grantee, retiringPrincipal: grantee, operations: ['Decrypt', 'Encrypt'] })
  assert.deepEqual(c['responseElements'], { grantId: created.GrantId })
  assert.equal(one(decrypted.$metadata.requestId).record['eventName'], 'Decrypt')
  const r = one(retired.$metadata.requestId).record
  assert.deepEqual([r['eventName'], r['readOnly'], r['requestParameters']], ['RetireGrant', false, null])
  const v = one(revoked.$metadata.requestId).record
  assert.deepEqual([v['eventName'], v['requestParameters']], ['RevokeGrant', { keyId: key.KeyId, grantId: second.GrantId }])
  assert.equal(v['resources'][0].ARN, key.Arn)
  for (const rec of auditRecords(trent.dataDir)) {
    for (const token of [created.GrantToken!, second.GrantToken!]) assert.ok(!rec.text.includes(token), `record ${rec.seq} leaks a grant token`)
  }
})
