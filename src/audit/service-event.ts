/**
 * Work Trent does by itself (deleting a key at the end of its waiting period, automatic rotation) is
 * recorded as CloudTrail records it for KMS: eventType AwsServiceEvent, invokedBy and sourceIPAddress
 * "AWS Internal" (KMS Developer Guide, ct-delete-key and ct-rotatekey examples).
 */
import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { AuditLog } from './audit-log.js'
import { AuditScope, type Committed } from './audit-scope.js'
import { cloudTrailTime, EVENT_VERSION, KEY_RESOURCE_TYPE, KMS_EVENT_SOURCE, type CloudTrailRecord } from './record.js'

/**
 * KMS's service events; DeleteExpiredKeyMaterial is the import-expiry job's (BYOK). CreateKey,
 * ImportKeyMaterial and CreateAlias are the seed file's, applied at start: Trent, not a caller, makes
 * them, so they are service events marked `serviceEventDetails.source: "seed file"` (docs/decisions.md).
 */
export type ServiceEventName = 'DeleteKey' | 'RotateKey' | 'DeleteExpiredKeyMaterial' | SeedEventName
export type SeedEventName = 'CreateKey' | 'ImportKeyMaterial' | 'CreateAlias'

const INTERNAL = 'AWS Internal'

export class ServiceEvent extends AuditScope {
  constructor(
    log: AuditLog, private readonly clock: Clock, private readonly eventName: ServiceEventName,
    private readonly details?: Record<string, string>,
  ) {
    super(log)
  }

  protected success({ key, before }: Committed): CloudTrailRecord {
    if (!key) throw new Error(`a ${this.eventName} service event needs its key`)
    return {
      eventVersion: EVENT_VERSION,
      userIdentity: { accountId: key.accountId, invokedBy: INTERNAL },
      eventTime: cloudTrailTime(this.clock.now()),
      eventSource: KMS_EVENT_SOURCE,
      eventName: this.eventName,
      awsRegion: key.region,
      sourceIPAddress: INTERNAL,
      userAgent: INTERNAL,
      requestParameters: null,
      // "Log entries recorded on or after December 2022 include the key ARN ... in responseElements.keyId".
      responseElements: this.eventName === 'DeleteKey' ? { keyId: key.arn } : null,
      eventID: randomUUID(),
      readOnly: false,
      resources: [{ accountId: key.accountId, type: KEY_RESOURCE_TYPE, ARN: key.arn }],
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: key.accountId,
      ...(this.eventName === 'RotateKey'
        ? {
            serviceEventDetails: {
              rotationType: 'AUTOMATIC', keyOrigin: key.origin,
              ...(before ? { previousKeyMaterialId: before.currentMaterialId } : {}), currentKeyMaterialId: key.currentMaterialId,
            },
          }
        : this.details ? { serviceEventDetails: this.details } : {}),
      eventCategory: 'Management',
    }
  }
}
