/** CreateKey: a new customer managed key with fresh material (or, for Origin EXTERNAL, none yet), the default or given policy, and tags. */
import { randomUUID } from 'node:crypto'
import type { OperationHandler } from '../context.js'
import { UnsupportedOperationException, ValidationException } from '../errors.js'
import { importingOf } from '../import/wrapping.js'
import { keyMetadata } from '../key-metadata.js'
import { keySpecEntry, usageFor } from '../key-specs.js'
import { newKeyRecord, storeNewKey } from '../new-key.js'
import { checkNewKeyPolicy, compileKeyPolicy } from '../policy-document.js'
import { checkNewTags } from '../tags.js'

export const createKey: OperationHandler<'CreateKey'> = async (ctx, caller, input) => {
  if (input.KeySpec && input.CustomerMasterKeySpec) {
    throw new ValidationException('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.')
  }
  const entry = keySpecEntry(input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT')
  const keyUsage = usageFor(entry, input.KeyUsage)
  const origin = input.Origin ?? 'AWS_KMS'
  if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') throw new UnsupportedOperationException(`Origin ${origin} is not supported by this version of Trent.`)
  if (origin === 'EXTERNAL') importingOf(entry)
  if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) {
    throw new UnsupportedOperationException('Custom key stores are not supported by this version of Trent.')
  }
  if (input.MultiRegion) throw new UnsupportedOperationException('Multi-Region keys are not supported by this version of Trent.')
  if (input.Policy !== undefined) compileKeyPolicy(input.Policy)
  const tags = input.Tags ?? []
  checkNewTags(tags)

  const record = newKeyRecord(ctx, {
    keyId: randomUUID(), accountId: caller.principal.accountId, entry, keyUsage, origin, description: input.Description ?? '', tags,
    ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
  })
  // The principals and the lockout check need the new key's ARN (a later PutKeyPolicy names it).
  if (input.Policy !== undefined) await checkNewKeyPolicy(ctx, caller, input.Policy, record, input.BypassPolicyLockoutSafetyCheck === true)
  return { KeyMetadata: keyMetadata(await storeNewKey(ctx, caller.audit, record, entry)) }
}
