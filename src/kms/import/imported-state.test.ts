import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sampleKey } from '../../storage/conformance.js'
import type { ImportedMaterial, KeyRecord, MaterialRecord } from '../records.js'
import { settleImportedKey } from './imported-state.js'

const key = (keyState: KeyRecord['keyState']): KeyRecord => ({ ...sampleKey(), origin: 'EXTERNAL', keyState, expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: 1 })
const material = (held: boolean, imported: ImportedMaterial): MaterialRecord =>
  ({ keyId: 'k', materialId: 'm', sealed: held ? Buffer.alloc(1) : null, createdAt: 0, imported })
const forever: ImportedMaterial = { expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }

test('settleImportedKey: state from permanently associated material, expiry from the earliest held one', () => {
  const none = settleImportedKey(key('PendingImport'), [])
  assert.deepEqual([none.keyState, none.expirationModel, none.validTo], ['PendingImport', undefined, undefined])
  const enabled = settleImportedKey(key('PendingImport'), [material(true, { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: 500 }), material(true, { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: 300 })])
  assert.deepEqual([enabled.keyState, enabled.expirationModel, enabled.validTo], ['Enabled', 'KEY_MATERIAL_EXPIRES', 300])
  const notExpiring = settleImportedKey(key('Disabled'), [material(true, forever), material(false, { ...forever, pendingRotation: true })])
  assert.deepEqual([notExpiring.keyState, notExpiring.expirationModel, notExpiring.validTo], ['Disabled', 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined])
  const missing = settleImportedKey(key('Enabled'), [material(true, forever), material(false, forever)])
  assert.deepEqual([missing.keyState, missing.expirationModel], ['PendingImport', 'KEY_MATERIAL_DOES_NOT_EXPIRE'])
  assert.equal(settleImportedKey(key('PendingDeletion'), [material(false, forever)]).keyState, 'PendingDeletion')
})
