/** Encrypt: up to 4096 bytes under a symmetric key, bound to the encryption context. */
import type { OperationHandler } from '../context.js'
import { resolveKey } from '../resolve-key.js'
import { assertCanEncrypt, dryRunSucceeded, encryptUnder } from '../symmetric.js'

export const encrypt: OperationHandler<'Encrypt'> = async (ctx, caller, input) => {
  const key = await resolveKey(ctx, caller, input.KeyId, { aliases: true })
  assertCanEncrypt(key, 'Encrypt', input.EncryptionAlgorithm)
  if (input.DryRun) throw dryRunSucceeded()
  const { blob } = await encryptUnder(ctx, key, input.Plaintext, input.EncryptionContext)
  return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }
}
