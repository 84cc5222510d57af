/**
 * Verify: checks a signature with the public half of a SIGN_VERIFY key. A signature that does not
 * verify is KMSInvalidSignatureException with an empty message, as AWS sends it; success is
 * SignatureValid true (AWS never answers false).
 */
import type { OperationHandler } from '../context.js'
import { KMSInternalException, KMSInvalidSignatureException } from '../errors.js'
import { keySpecEntry } from '../key-specs.js'
import { currentMaterial } from '../symmetric.js'
import { prepareSigning } from './sign.js'

export const verify: OperationHandler<'Verify'> = async (ctx, caller, input) => {
  const { key, messageType } = await prepareSigning(ctx, caller, 'Verify', input)
  const entry = keySpecEntry(key.keySpec)
  if (!entry.publicKey) throw new KMSInternalException(`key spec ${key.keySpec} signs but has no public key`)
  const publicKey = entry.publicKey(await currentMaterial(ctx, key))
  if (!await ctx.crypto.verify(key.keySpec, input.SigningAlgorithm, publicKey, input.Message, messageType, input.Signature)) {
    throw new KMSInvalidSignatureException('')
  }
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm }
}
