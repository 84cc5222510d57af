/**
 * The columns every adapter indexes a key record by, derived from the record in one place so both
 * adapters find the same keys due for deletion and rotation.
 */
import type { KeyRecord } from '../kms/records.js'

export interface KeyColumns {
  /** Set only while the key is pending deletion. */
  deletionDate: number | null
  /** Only enabled keys rotate; a key re-enabled after its date passed is picked up at once. */
  nextRotationAt: number | null
}

export function keyColumns(record: KeyRecord): KeyColumns {
  return {
    deletionDate: record.keyState === 'PendingDeletion' ? record.deletionDate ?? null : null,
    nextRotationAt: record.rotation.enabled && record.keyState === 'Enabled' ? record.rotation.nextRotationAt ?? null : null,
  }
}
