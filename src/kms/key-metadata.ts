/** KeyMetadata exactly as DescribeKey and CreateKey return it, derived from the record and its spec. */
import type { KeyMetadata } from '../api/generated/kms-model.js'
import { algorithmLists, keySpecEntry } from './key-specs.js'
import type { KeyRecord } from './records.js'

export function keyMetadata(key: KeyRecord): KeyMetadata {
  const entry = keySpecEntry(key.keySpec)
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    ...(key.keyState === 'PendingDeletion' && key.deletionDate !== undefined ? { DeletionDate: new Date(key.deletionDate) } : {}),
    Origin: key.origin,
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.keySpec,
    ...algorithmLists(entry, key.keyUsage),
    MultiRegion: false,
    ...(entry.rotatable && key.currentMaterialId !== '' ? { CurrentKeyMaterialId: key.currentMaterialId } : {}),
    // Present only for EXTERNAL keys (API reference, KeyMetadata), once they hold imported material.
    ...(key.expirationModel ? { ExpirationModel: key.expirationModel } : {}),
    ...(key.validTo !== undefined ? { ValidTo: new Date(key.validTo) } : {}),
  }
}
