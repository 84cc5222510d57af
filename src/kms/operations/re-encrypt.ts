/**
 * ReEncrypt: decrypt under the source key and encrypt under the destination without exposing the
 * plaintext. Either side may be symmetric or RSA; an RSA side needs its algorithm (and an RSA source
 * its SourceKeyId), and an RSA destination takes no encryption context.
 */
import type { OperationHandler } from '../context.js'
import { assertPlaintextFits, decryptWith, encryptWith } from '../asymmetric.js'
import { ValidationException } from '../errors.js'
import { authorizeOnKey } from '../authz/authorize.js'
import { resolveKey } from '../resolve-key.js'
import { parseCiphertext } from '../ciphertext.js'
import { assertCanEncrypt } from '../symmetric.js'

export const reEncrypt: OperationHandler<'ReEncrypt'> = async (ctx, caller, input) => {
  if (input.CiphertextBlob === undefined) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null")
  }
  // Authorized twice, as AWS does: kms:ReEncryptTo on the destination here, kms:ReEncryptFrom on the source below.
  const sourceKeyId = keyIdOf(input.CiphertextBlob)
  const destination = await resolveKey(ctx, caller, input.DestinationKeyId, { aliases: true })
  await authorizeOnKey(ctx, caller, {
    operation: 'ReEncrypt', action: 'ReEncryptTo', input, key: destination, keyIdInput: input.DestinationKeyId,
    encryptionContext: input.DestinationEncryptionContext ?? {}, reEncryptOnSameKey: sourceKeyId === destination.keyId,
  })
  const algorithm = assertCanEncrypt(destination, 'ReEncrypt', input.DestinationEncryptionAlgorithm, input.DestinationEncryptionContext)
  const source = await decryptWith(ctx, caller, {
    operation: 'ReEncrypt', action: 'ReEncryptFrom', input, destinationKeyId: destination.keyId,
    ...(input.SourceKeyId !== undefined ? { keyIdInput: input.SourceKeyId } : {}),
  }, input.CiphertextBlob, input.SourceEncryptionContext, {
    algorithm: input.SourceEncryptionAlgorithm, dryRun: input.DryRun,
  })
  try {
    assertPlaintextFits(destination, algorithm, source.plaintext)
    const out = await encryptWith(ctx, destination, algorithm, source.plaintext, input.DestinationEncryptionContext)
    return {
      CiphertextBlob: out.blob,
      SourceKeyId: source.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: source.algorithm,
      DestinationEncryptionAlgorithm: out.algorithm,
      ...(source.materialId ? { SourceKeyMaterialId: source.materialId } : {}),
      ...(out.materialId ? { DestinationKeyMaterialId: out.materialId } : {}),
    }
  } finally {
    source.plaintext.fill(0)
  }
}

/** The key a symmetric ciphertext names, for kms:ReEncryptOnSameKey (RSA ciphertexts name none). */
function keyIdOf(blob: Buffer): string | undefined {
  try {
    return parseCiphertext(blob).keyId
  } catch {
    return undefined
  }
}
