/**
 * The symmetric encrypt and decrypt steps shared by Encrypt, Decrypt, ReEncrypt and the data key
 * operations: usage and algorithm checks, key state, material lookup, and the ciphertext format.
 */
import type { EncryptionAlgorithmSpec } from '../api/generated/kms-model.js'
import { decryptSymmetric, encryptSymmetric, invalidCiphertext, parseCiphertext } from './ciphertext.js'
import type { Caller, KmsContext } from './context.js'
import type { EncryptionContext } from './encryption-context.js'
import { AccessDeniedException, DryRunOperationException, IncorrectKeyException, InvalidKeyUsageException, KMSInternalException } from './errors.js'
import { keySpecEntry } from './key-specs.js'
import { assertKeyState } from './key-state.js'
import type { KeyRecord } from './records.js'
import { resolveKey } from './resolve-key.js'

/** Checks that `key` can run `operation` with `algorithm`, in AWS's order: usage, algorithm, state. */
export function assertCanEncrypt(key: KeyRecord, operation: string, algorithm: EncryptionAlgorithmSpec | undefined): void {
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`)
  }
  const algorithms = keySpecEntry(key.keySpec).encryption?.algorithms ?? []
  if (algorithm !== undefined && !algorithms.includes(algorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`)
  }
  assertKeyState(key, 'use')
}

export function dryRunSucceeded(): DryRunOperationException {
  return new DryRunOperationException('The request would have succeeded, but the DryRun option is set.')
}

export interface Encrypted { blob: Buffer; materialId: string }

export async function encryptUnder(ctx: KmsContext, key: KeyRecord, plaintext: Buffer, context: EncryptionContext | undefined): Promise<Encrypted> {
  const material = await ctx.keys.material(key, key.currentMaterialId)
  if (!material) throw new KMSInternalException(`current material of ${key.keyId} is missing`)
  return { blob: encryptSymmetric(key.keyId, key.currentMaterialId, material, plaintext, context), materialId: key.currentMaterialId }
}

export interface Decrypted { key: KeyRecord; plaintext: Buffer; materialId: string }

/**
 * Finds the key a ciphertext names, checks it against an optional caller-given KeyId, and decrypts.
 * Any fault in the blob itself is the one uniform InvalidCiphertextException.
 */
export async function decryptBlob(
  ctx: KmsContext, caller: Caller, operation: string, blob: Buffer, context: EncryptionContext | undefined,
  opts: { keyId?: string; algorithm?: EncryptionAlgorithmSpec; dryRun?: boolean },
): Promise<Decrypted> {
  const parsed = parseCiphertext(blob)
  const given = opts.keyId === undefined ? undefined : await resolveKey(ctx, caller, opts.keyId, { aliases: true })
  if (given && given.keyId !== parsed.keyId) {
    throw new IncorrectKeyException('The key ID in the request does not identify a CMK that can perform this operation.')
  }
  const key = given ?? await ctx.keys.get(parsed.keyId)
  if (!key || key.accountId !== caller.principal.accountId || key.region !== ctx.region) {
    throw new AccessDeniedException('The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.')
  }
  assertCanEncrypt(key, operation, opts.algorithm)
  if (opts.dryRun) throw dryRunSucceeded()
  const material = await ctx.keys.material(key, parsed.materialId)
  if (!material) throw invalidCiphertext()
  return { key, plaintext: decryptSymmetric(parsed, material, context), materialId: parsed.materialId }
}
