/**
 * GetKeyLastUsage, answered from the audit trail: the newest successful cryptographic operation recorded
 * against the key. Tracking starts when the key was created or when the trail began (the first audit
 * record, for keys older than the audit trail), whichever is later, as AWS defines TrackingStartDate.
 */
import type { KeyLastUsageTrackingOperation } from '../../api/generated/kms-model.js'
import type { OperationHandler } from '../context.js'
import { authorizedKey } from '../authz/authorized-key.js'

/** KeyLastUsageTrackingOperation in the AWS model. */
const TRACKED: readonly KeyLastUsageTrackingOperation[] = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncrypt', 'Sign', 'Verify', 'VerifyMac',
]

export const getKeyLastUsage: OperationHandler<'GetKeyLastUsage'> = async (ctx, caller, input) => {
  // Authorized like every key operation (kms:GetKeyLastUsage by key policy, grants and identity policies):
  // the answer discloses the key's use, which only those allowed to read it may see.
  const key = await authorizedKey(ctx, caller, 'GetKeyLastUsage', input, { aliases: false })
  const read = ctx.keys.store.read
  // Only the key's account's trail is consulted (a record naming the key in another account's trail is not its).
  const [last] = await read.findAudit({ accountId: key.accountId, attribute: { name: 'ResourceName', value: key.arn }, eventNames: TRACKED, succeededOnly: true, limit: 1 })
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
