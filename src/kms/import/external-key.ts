/** Checks shared by the import operations: the key must have EXTERNAL origin and an importable spec. */
import { UnsupportedOperationException } from '../errors.js'
import type { KeyRecord } from '../records.js'

/** AWS answers import operations on a key KMS made itself with UnsupportedOperationException. */
export function assertExternal(key: KeyRecord): void {
  if (key.origin !== 'EXTERNAL') throw new UnsupportedOperationException(`${key.arn} origin is ${key.origin} which is not valid for this operation.`)
}

/** AWS: "Each public key and import token set is valid for 24 hours." */
export const IMPORT_PARAMETERS_VALID_MS = 24 * 60 * 60 * 1000
