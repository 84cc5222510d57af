/**
 * Decrypt: a symmetric ciphertext names its key, and a given KeyId must name that same key; an RSA
 * ciphertext is raw OAEP output, so KeyId and EncryptionAlgorithm are required for it.
 */
import type { OperationHandler } from '../context.js'
import { decryptWith } from '../asymmetric.js'
import { UnsupportedOperationException, ValidationException } from '../errors.js'

export const decrypt: OperationHandler<'Decrypt'> = async (ctx, caller, input) => {
  if (input.CiphertextBlob === undefined) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null")
  }
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('Recipient (Nitro Enclaves attestation) is not supported by Trent.')
  const { key, plaintext, algorithm, materialId } = await decryptWith(ctx, caller, {
    operation: 'Decrypt', action: 'Decrypt', input, ...(input.KeyId !== undefined ? { keyIdInput: input.KeyId } : {}),
  }, input.CiphertextBlob, input.EncryptionContext, {
    algorithm: input.EncryptionAlgorithm, dryRun: input.DryRun,
  })
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm, ...(materialId ? { KeyMaterialId: materialId } : {}) }
}
