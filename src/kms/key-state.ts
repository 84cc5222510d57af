/**
 * Which key states each operation accepts, and the exact exception AWS answers otherwise
 * (AWS KMS Developer Guide, "Key states of AWS KMS keys"). Operations not listed here work in every state.
 */
import type { KeyState } from '../api/generated/kms-model.js'
import { DisabledException, KMSInvalidStateException, type KmsException } from './errors.js'
import type { KeyRecord } from './records.js'

export type StateRule = 'use' | 'manage' | 'enableDisable' | 'schedule' | 'cancel' | 'rotationStatus' | 'import' | 'deleteImported'

const ALLOWED: Record<StateRule, readonly KeyState[]> = {
  /** Cryptographic operations and anything that needs usable material. */
  use: ['Enabled'],
  /** Changes to a key's metadata: description, tags, aliases, rotation settings. */
  manage: ['Enabled', 'Disabled', 'PendingImport'],
  enableDisable: ['Enabled', 'Disabled'],
  schedule: ['Enabled', 'Disabled', 'PendingImport'],
  cancel: ['PendingDeletion'],
  rotationStatus: ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion'],
  /** GetParametersForImport and ImportKeyMaterial. */
  import: ['Enabled', 'Disabled', 'PendingImport'],
  /** DeleteImportedKeyMaterial: on a key pending deletion it deletes the material and leaves the state. */
  deleteImported: ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion'],
}

export function assertKeyState(key: KeyRecord, rule: StateRule): void {
  if (ALLOWED[rule].includes(key.keyState)) return
  throw stateError(key, rule)
}

function stateError(key: KeyRecord, rule: StateRule): KmsException {
  if (rule === 'cancel') return new KMSInvalidStateException(`${key.arn} is not pending deletion (or pending replica deletion).`)
  switch (key.keyState) {
    case 'Disabled': return new DisabledException(`${key.arn} is disabled.`)
    case 'PendingDeletion': return new KMSInvalidStateException(`${key.arn} is pending deletion.`)
    case 'PendingImport': return new KMSInvalidStateException(`${key.arn} is pending import.`)
    case 'Unavailable': return new KMSInvalidStateException(`${key.arn} is unavailable.`)
    default: return new KMSInvalidStateException(`${key.arn} is ${key.keyState.toLowerCase()}.`)
  }
}
