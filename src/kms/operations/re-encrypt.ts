/** ReEncrypt: decrypt under the source key and encrypt under the destination without exposing plaintext. */
import type { OperationHandler } from '../context.js'
import { ValidationException } from '../errors.js'
import { resolveKey } from '../resolve-key.js'
import { assertCanEncrypt, decryptBlob, encryptUnder } from '../symmetric.js'

export const reEncrypt: OperationHandler<'ReEncrypt'> = async (ctx, caller, input) => {
  if (input.CiphertextBlob === undefined) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null")
  }
  const destination = await resolveKey(ctx, caller, input.DestinationKeyId, { aliases: true })
  assertCanEncrypt(destination, 'ReEncrypt', input.DestinationEncryptionAlgorithm)
  const source = await decryptBlob(ctx, caller, 'ReEncrypt', input.CiphertextBlob, input.SourceEncryptionContext, {
    keyId: input.SourceKeyId, algorithm: input.SourceEncryptionAlgorithm, dryRun: input.DryRun,
  })
  try {
    const { blob, materialId } = await encryptUnder(ctx, destination, source.plaintext, input.DestinationEncryptionContext)
    return {
      CiphertextBlob: blob,
      SourceKeyId: source.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      SourceKeyMaterialId: source.materialId,
      DestinationKeyMaterialId: materialId,
    }
  } finally {
    source.plaintext.fill(0)
  }
}
