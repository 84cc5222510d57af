/** CreateKey: a new customer managed key with fresh material, the default or given policy, and tags. */
import { randomUUID } from 'node:crypto'
import type { OperationHandler } from '../context.js'
import { keyArn } from '../arns.js'
import { defaultKeyPolicy } from '../default-policy.js'
import { UnsupportedOperationException, ValidationException } from '../errors.js'
import { keyMetadata } from '../key-metadata.js'
import { keySpecEntry, usageFor } from '../key-specs.js'
import { checkPolicyDocument } from '../policy-document.js'
import type { KeyRecord } from '../records.js'
import { checkNewTags } from '../tags.js'

export const createKey: OperationHandler<'CreateKey'> = async (ctx, caller, input) => {
  if (input.KeySpec && input.CustomerMasterKeySpec) {
    throw new ValidationException('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.')
  }
  const entry = keySpecEntry(input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT')
  const keyUsage = usageFor(entry, input.KeyUsage)
  const origin = input.Origin ?? 'AWS_KMS'
  if (origin !== 'AWS_KMS') throw new UnsupportedOperationException(`Origin ${origin} is not supported by this version of Trent.`)
  if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) {
    throw new UnsupportedOperationException('Custom key stores are not supported by this version of Trent.')
  }
  if (input.MultiRegion) throw new UnsupportedOperationException('Multi-Region keys are not supported by this version of Trent.')
  if (input.Policy !== undefined) checkPolicyDocument(input.Policy)
  const tags = input.Tags ?? []
  checkNewTags(tags)

  const accountId = caller.principal.accountId
  const keyId = randomUUID()
  const record: KeyRecord = {
    keyId,
    accountId,
    region: ctx.region,
    arn: keyArn(ctx.region, accountId, keyId),
    createdAt: ctx.clock.now(),
    description: input.Description ?? '',
    keySpec: entry.spec,
    keyUsage,
    origin,
    keyState: 'Enabled',
    policy: input.Policy ?? defaultKeyPolicy(accountId),
    tags,
    rotation: { enabled: false, onDemandCount: 0 },
    currentMaterialId: '',
    revision: 1,
  }
  const plaintext = await entry.generateMaterial()
  const material = await ctx.keys.sealMaterial(record, plaintext)
  plaintext.fill(0)
  record.currentMaterialId = material.materialId
  await ctx.keys.create(caller.audit, record, material)
  return { KeyMetadata: keyMetadata(record) }
}
