/**
 * The operations Trent implements, by AWS name. Every other KMS operation answers
 * UnsupportedOperationException (api/dispatch.ts), and README lists both sets.
 */
import type { OperationName } from '../../api/generated/kms-model.js'
import type { OperationHandler } from '../context.js'
import { createAlias, deleteAlias, updateAlias } from './alias-operations.js'
import { cancelKeyDeletion } from './cancel-key-deletion.js'
import { createKey } from './create-key.js'
import { decrypt } from './decrypt.js'
import { deriveSharedSecret } from './derive-shared-secret.js'
import { describeKey } from './describe-key.js'
import { disableKey, enableKey } from './enable-disable-key.js'
import { encrypt } from './encrypt.js'
import { generateDataKey, generateDataKeyWithoutPlaintext } from './generate-data-key.js'
import { generateDataKeyPair, generateDataKeyPairWithoutPlaintext } from './generate-data-key-pair.js'
import { generateMac } from './generate-mac.js'
import { generateRandom } from './generate-random.js'
import { getKeyLastUsage } from './get-key-last-usage.js'
import { getPublicKey } from './get-public-key.js'
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './key-policy-operations.js'
import { disableKeyRotation, enableKeyRotation, getKeyRotationStatus } from './key-rotation-settings.js'
import { listAliases } from './list-aliases.js'
import { listKeyRotations } from './list-key-rotations.js'
import { listKeys } from './list-keys.js'
import { reEncrypt } from './re-encrypt.js'
import { rotateKeyOnDemand } from './rotate-key-on-demand.js'
import { scheduleKeyDeletion } from './schedule-key-deletion.js'
import { sign } from './sign.js'
import { listResourceTags, tagResource, untagResource } from './tag-operations.js'
import { updateKeyDescription } from './update-key-description.js'
import { verify } from './verify.js'
import { verifyMac } from './verify-mac.js'

export type OperationTable = { [Op in OperationName]?: OperationHandler<Op> }

export const OPERATIONS: OperationTable = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  UpdateKeyDescription: updateKeyDescription,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  Encrypt: encrypt,
  Decrypt: decrypt,
  ReEncrypt: reEncrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  GenerateRandom: generateRandom,
  GetPublicKey: getPublicKey,
  Sign: sign,
  Verify: verify,
  GenerateMac: generateMac,
  VerifyMac: verifyMac,
  DeriveSharedSecret: deriveSharedSecret,
  EnableKeyRotation: enableKeyRotation,
  DisableKeyRotation: disableKeyRotation,
  GetKeyRotationStatus: getKeyRotationStatus,
  RotateKeyOnDemand: rotateKeyOnDemand,
  ListKeyRotations: listKeyRotations,
  CreateAlias: createAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
  GetKeyPolicy: getKeyPolicy,
  PutKeyPolicy: putKeyPolicy,
  ListKeyPolicies: listKeyPolicies,
  GetKeyLastUsage: getKeyLastUsage,
}
