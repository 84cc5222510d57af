/** Decrypt: the key comes from the ciphertext; a given KeyId must name that same key. */
import type { OperationHandler } from '../context.js'
import { UnsupportedOperationException, ValidationException } from '../errors.js'
import { decryptBlob } from '../symmetric.js'

export const decrypt: OperationHandler<'Decrypt'> = async (ctx, caller, input) => {
  if (input.CiphertextBlob === undefined) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null")
  }
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('Recipient (Nitro Enclaves attestation) is not supported by Trent.')
  const { key, plaintext, materialId } = await decryptBlob(ctx, caller, 'Decrypt', input.CiphertextBlob, input.EncryptionContext, {
    keyId: input.KeyId, algorithm: input.EncryptionAlgorithm, dryRun: input.DryRun,
  })
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: materialId }
}
