/**
 * The resolve-key and authorize steps of an operation's rhythm together, for the operations whose
 * request names one key: the key is resolved (NotFoundException as before), then the caller must be
 * authorized for it before anything about its state or contents is looked at.
 */
import type { Caller, KmsContext } from '../context.js'
import type { EncryptionContext } from '../encryption-context.js'
import type { KeyRecord } from '../records.js'
import { resolveKey, type ResolveOptions } from '../resolve-key.js'
import { authorizeOnKey, type KeyAuthorization } from './authorize.js'

export interface AuthorizedKeyOptions extends ResolveOptions, Pick<KeyAuthorization, 'action' | 'newGrant' | 'reEncryptOnSameKey'> {
  /** The KeyId member's value when it is not `input.KeyId` (TargetKeyId, DestinationKeyId). */
  keyId?: string
  /** Grant constraints' encryption context when it is not `input.EncryptionContext`. */
  encryptionContext?: EncryptionContext
}

interface KeyedInput { KeyId?: string; EncryptionContext?: EncryptionContext }

export async function authorizedKey(
  ctx: KmsContext, caller: Caller, operation: string, input: object, opts: AuthorizedKeyOptions,
): Promise<KeyRecord> {
  const keyed = input as KeyedInput
  const keyIdInput = opts.keyId ?? keyed.KeyId ?? ''
  const key = await resolveKey(ctx, caller, keyIdInput, opts)
  const encryptionContext = opts.encryptionContext ?? keyed.EncryptionContext
  await authorizeOnKey(ctx, caller, {
    operation, input, key, keyIdInput, action: opts.action, newGrant: opts.newGrant, reEncryptOnSameKey: opts.reEncryptOnSameKey, encryptionContext,
  })
  return key
}
