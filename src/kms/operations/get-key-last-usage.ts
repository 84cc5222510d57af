/**
 * GetKeyLastUsage, answered from the audit trail: the newest successful cryptographic operation recorded
 * against the key. Tracking starts when the key was created or when the trail began (the first audit
 * record, for keys older than the audit trail), whichever is later, as AWS defines TrackingStartDate.
 */
import type { KeyLastUsageTrackingOperation } from '../../api/generated/kms-model.js'
import type { OperationHandler } from '../context.js'
import { resolveKey } from '../resolve-key.js'

/** KeyLastUsageTrackingOperation in the AWS model. */
const TRACKED: readonly KeyLastUsageTrackingOperation[] = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncrypt', 'Sign', 'Verify', 'VerifyMac',
]

export const getKeyLastUsage: OperationHandler<'GetKeyLastUsage'> = async (ctx, caller, input) => {
  const key = await resolveKey(ctx, caller, input.KeyId, { aliases: false })
  const read = ctx.keys.store.read
  const [last] = await read.findAudit({ attribute: { name: 'ResourceName', value: key.arn }, eventNames: TRACKED, succeededOnly: true, limit: 1 })
  const [first] = await read.listAudit(0, 1)
  return {
    KeyId: key.keyId,
    KeyLastUsage: last
      ? {
          Operation: last.eventName as KeyLastUsageTrackingOperation,
          Timestamp: new Date(last.eventTime),
          CloudTrailEventId: last.eventId,
          ...(last.requestId ? { KmsRequestId: last.requestId } : {}),
        }
      : {},
    TrackingStartDate: new Date(Math.max(key.createdAt, first?.eventTime ?? key.createdAt)),
    KeyCreationDate: new Date(key.createdAt),
  }
}
