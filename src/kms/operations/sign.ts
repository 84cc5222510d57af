/**
 * Sign: a signature over a message (RAW, hashed by the algorithm), a digest (DIGEST) or an ML-DSA
 * μ (EXTERNAL_MU), with an asymmetric SIGN_VERIFY key. The checks are shared with Verify.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { MessageType, SigningAlgorithmSpec } from '../../api/generated/kms-model.js'
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import { InvalidKeyUsageException, ValidationException } from '../errors.js'
import { keySpecEntry, type SigningCapability } from '../key-specs.js'
import { assertKeyState } from '../key-state.js'
import type { KeyRecord } from '../records.js'
import { currentMaterial, dryRunSucceeded } from '../symmetric.js'

export interface SigningRequest {
  KeyId: string
  Message: Buffer
  MessageType?: MessageType
  SigningAlgorithm: SigningAlgorithmSpec
  DryRun?: boolean
}

export interface SigningPlan { key: KeyRecord; signing: SigningCapability; messageType: MessageType }

/**
 * Resolves the key and checks, in AWS's order, usage, algorithm and state, then the message type and
 * digest length; a DryRun stops after every check has passed.
 */
export async function prepareSigning(ctx: KmsContext, caller: Caller, operation: string, input: SigningRequest): Promise<SigningPlan> {
  const key = await authorizedKey(ctx, caller, operation, input, { aliases: true })
  if (key.keyUsage !== 'SIGN_VERIFY') {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`)
  }
  const algorithm = input.SigningAlgorithm
  const signing = keySpecEntry(key.keySpec).signing
  if (!signing?.algorithms.includes(algorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`)
  }
  assertKeyState(key, 'use')
  const messageType = input.MessageType ?? 'RAW'
  if (!signing.messageTypes(algorithm).includes(messageType)) {
    // AWS names the algorithm when another algorithm of the spec takes this type (Ed25519 RAW vs
    // DIGEST), and the key spec when none does (DIGEST on ML-DSA).
    const elsewhere = signing.algorithms.some((a) => signing.messageTypes(a).includes(messageType))
    throw new ValidationException(`Message type ${messageType} is incompatible with ${elsewhere ? `algorithm ${algorithm}` : `key spec ${key.keySpec}`}.`)
  }
  // DIGEST: the algorithm's hash length; EXTERNAL_MU: 64 bytes (FIPS 204 section 6.2). The registry knows both.
  if (messageType !== 'RAW' && input.Message.length !== signing.digestBytes(algorithm)) {
    throw new ValidationException(`Digest is invalid length for algorithm ${algorithm}.`)
  }
  if (input.DryRun) throw dryRunSucceeded()
  return { key, signing, messageType }
}

export const sign: OperationHandler<'Sign'> = async (ctx, caller, input) => {
  const { key, messageType } = await prepareSigning(ctx, caller, 'Sign', input)
  const material = await currentMaterial(ctx, key)
  const signature = await ctx.crypto.sign(key.keySpec, input.SigningAlgorithm, material, input.Message, messageType)
  return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm }
}
