/**
 * GenerateDataKey and GenerateDataKeyWithoutPlaintext: a random data key, returned encrypted (and in
 * plaintext) under a symmetric encryption key; asymmetric keys answer InvalidKeyUsageException.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import { randomBytes } from 'node:crypto'
import type { DataKeySpec } from '../../api/generated/kms-model.js'
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import type { EncryptionContext } from '../encryption-context.js'
import { UnsupportedOperationException, ValidationException } from '../errors.js'
import { assertSymmetricEncryptionKey, dryRunSucceeded, encryptUnder } from '../symmetric.js'

const DATA_KEY_BYTES: Record<DataKeySpec, number> = { AES_128: 16, AES_256: 32 }

interface DataKeyInput {
  KeyId: string
  KeySpec?: DataKeySpec
  NumberOfBytes?: number
  EncryptionContext?: EncryptionContext
  DryRun?: boolean
}

async function generate(ctx: KmsContext, caller: Caller, operation: string, input: DataKeyInput) {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw new ValidationException('Please specify either number of bytes or key spec.')
  }
  const key = await authorizedKey(ctx, caller, operation, input, { aliases: true })
  assertSymmetricEncryptionKey(key, operation)
  if (input.DryRun) throw dryRunSucceeded()
  const plaintext = randomBytes(input.KeySpec ? DATA_KEY_BYTES[input.KeySpec] : input.NumberOfBytes!)
  const { blob, materialId } = await encryptUnder(ctx, key, plaintext, input.EncryptionContext)
  return { plaintext, CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: materialId }
}

export const generateDataKey: OperationHandler<'GenerateDataKey'> = async (ctx, caller, input) => {
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('Recipient (Nitro Enclaves attestation) is not supported by Trent.')
  const { plaintext, ...out } = await generate(ctx, caller, 'GenerateDataKey', input)
  return { ...out, Plaintext: plaintext }
}

export const generateDataKeyWithoutPlaintext: OperationHandler<'GenerateDataKeyWithoutPlaintext'> = async (ctx, caller, input) => {
  const { plaintext, ...out } = await generate(ctx, caller, 'GenerateDataKeyWithoutPlaintext', input)
  plaintext.fill(0)
  return out
}
