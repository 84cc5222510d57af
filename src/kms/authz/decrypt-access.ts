/**
 * Who may decrypt a ciphertext whose key the ciphertext itself names (Decrypt and ReEncrypt without a
 * KeyId). The answer must not tell a caller whether a key it cannot use exists: a key that does not
 * exist, lives in another Region, or that the caller is not authorized for all get the one answer AWS
 * KMS gives (seen in real responses, e.g. aceew/aws-lambda-env-vars#7; the shared reference, 2.1).
 */
import type { Caller, KmsContext } from '../context.js'
import type { EncryptionContext } from '../encryption-context.js'
import { AccessDeniedException } from '../errors.js'
import type { KeyRecord } from '../records.js'
import { decideOnKey } from './authorize.js'

export const NO_ORACLE_MESSAGE =
  'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.'

/** What Decrypt or ReEncrypt's source side is authorized as. */
export interface DecryptAccess {
  operation: 'Decrypt' | 'ReEncrypt'
  /** `Decrypt` or `ReEncryptFrom`. */
  action: string
  input: object
  /** The request's KeyId member (Decrypt KeyId, ReEncrypt SourceKeyId), if given. */
  keyIdInput?: string
  /** ReEncrypt: the destination key (kms:ReEncryptOnSameKey). */
  destinationKeyId?: string
}

/** Authorizes decryption under `key` (undefined: the ciphertext names no key Trent has). */
export async function authorizeDecrypt(
  ctx: KmsContext, caller: Caller, key: KeyRecord | undefined, access: DecryptAccess, context: EncryptionContext | undefined,
): Promise<KeyRecord> {
  if (!key || key.region !== ctx.region) throw new AccessDeniedException(NO_ORACLE_MESSAGE)
  // The audit record names the key either way (only the caller is told nothing).
  caller.audit.resource(key)
  const d = await decideOnKey(ctx, caller, {
    operation: access.operation, action: access.action, input: access.input, key,
    ...(context ? { encryptionContext: context } : {}),
    ...(access.destinationKeyId !== undefined ? { reEncryptOnSameKey: access.destinationKeyId === key.keyId } : {}),
  })
  if (!d.allowed) throw new AccessDeniedException(NO_ORACLE_MESSAGE)
  return key
}
