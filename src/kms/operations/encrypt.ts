/**
 * Encrypt: up to 4096 bytes under a symmetric key, bound to the encryption context; or, under an RSA
 * key, raw RSAES-OAEP with the algorithm the caller must name, within its plaintext limit.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { assertPlaintextFits, encryptWith } from '../asymmetric.js'
import { assertCanEncrypt, dryRunSucceeded } from '../symmetric.js'

export const encrypt: OperationHandler<'Encrypt'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'Encrypt', input, { aliases: true })
  const algorithm = assertCanEncrypt(key, 'Encrypt', input.EncryptionAlgorithm, input.EncryptionContext)
  assertPlaintextFits(key, algorithm, input.Plaintext)
  if (input.DryRun) throw dryRunSucceeded()
  const { blob } = await encryptWith(ctx, key, algorithm, input.Plaintext, input.EncryptionContext)
  return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: algorithm }
}
