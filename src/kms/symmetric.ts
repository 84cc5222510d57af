/**
 * The encryption checks shared by Encrypt, Decrypt, ReEncrypt and the data key operations (usage,
 * algorithm, encryption context, key state, in AWS's order), and the symmetric steps: material
 * lookup and Trent's ciphertext format. RSA keys take the path in asymmetric.ts.
 */
import type { EncryptionAlgorithmSpec } from '../api/generated/kms-model.js'
import { decryptSymmetric, encryptSymmetric, invalidCiphertext, parseCiphertext } from './ciphertext.js'
import type { Caller, KmsContext } from './context.js'
import type { EncryptionContext } from './encryption-context.js'
import {
  AccessDeniedException, DryRunOperationException, IncorrectKeyException, InvalidKeyUsageException, KMSInternalException, ValidationException,
} from './errors.js'
import { keySpecEntry } from './key-specs.js'
import { assertKeyState } from './key-state.js'
import type { KeyRecord } from './records.js'

/** AWS's default when a request names no EncryptionAlgorithm (API reference, Encrypt/Decrypt). */
export const DEFAULT_ENCRYPTION_ALGORITHM: EncryptionAlgorithmSpec = 'SYMMETRIC_DEFAULT'

/**
 * Checks that `key` can run `operation` with `algorithm` (default SYMMETRIC_DEFAULT, so an RSA key
 * without an algorithm answers AWS's "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec
 * RSA_2048."), in AWS's order: usage, algorithm, encryption context, state. Returns the algorithm.
 */
export function assertCanEncrypt(
  key: KeyRecord, operation: string, algorithm: EncryptionAlgorithmSpec | undefined, context?: EncryptionContext,
): EncryptionAlgorithmSpec {
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`)
  }
  const encryption = keySpecEntry(key.keySpec).encryption
  const chosen = algorithm ?? DEFAULT_ENCRYPTION_ALGORITHM
  if (!encryption?.algorithms.includes(chosen)) {
    throw new InvalidKeyUsageException(`Algorithm ${chosen} is incompatible with key spec ${key.keySpec}.`)
  }
  // The standard asymmetric algorithms have nowhere to bind a context (API reference, EncryptionContext).
  if (encryption.asymmetric && context && Object.keys(context).length > 0) {
    throw new ValidationException('EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.')
  }
  assertKeyState(key, 'use')
  return chosen
}

/**
 * For the data key operations, which encrypt only under symmetric keys (API reference,
 * GenerateDataKeyPair: "You cannot use an asymmetric KMS key"): usage, key spec, state.
 */
export function assertSymmetricEncryptionKey(key: KeyRecord, operation: string): void {
  if (key.keyUsage === 'ENCRYPT_DECRYPT' && keySpecEntry(key.keySpec).encryption?.asymmetric) {
    throw new InvalidKeyUsageException(`${key.arn} key KeySpec is ${key.keySpec} which is not valid for ${operation}.`)
  }
  assertCanEncrypt(key, operation, undefined)
}

export function dryRunSucceeded(): DryRunOperationException {
  return new DryRunOperationException('The request would have succeeded, but the DryRun option is set.')
}

/** The unsealed current material of `key`; its absence is a server fault, never the caller's. */
export async function currentMaterial(ctx: KmsContext, key: KeyRecord): Promise<Buffer> {
  const material = await ctx.keys.material(key, key.currentMaterialId)
  if (!material) throw new KMSInternalException(`current material of ${key.keyId} is missing`)
  return material
}

export interface Encrypted { blob: Buffer; materialId: string }

export async function encryptUnder(ctx: KmsContext, key: KeyRecord, plaintext: Buffer, context: EncryptionContext | undefined): Promise<Encrypted> {
  const material = await currentMaterial(ctx, key)
  return { blob: encryptSymmetric(key.keyId, key.currentMaterialId, material, plaintext, context), materialId: key.currentMaterialId }
}

export interface Decrypted { key: KeyRecord; plaintext: Buffer; materialId: string }

/**
 * Finds the key a symmetric ciphertext names, checks it against an optional caller-given key, and
 * decrypts. Any fault in the blob itself is the one uniform InvalidCiphertextException.
 */
export async function decryptBlob(
  ctx: KmsContext, caller: Caller, operation: string, blob: Buffer, context: EncryptionContext | undefined,
  opts: { given?: KeyRecord; algorithm?: EncryptionAlgorithmSpec; dryRun?: boolean },
): Promise<Decrypted> {
  const parsed = parseCiphertext(blob)
  const { given } = opts
  if (given && given.keyId !== parsed.keyId) {
    throw new IncorrectKeyException('The key ID in the request does not identify a CMK that can perform this operation.')
  }
  const key = given ?? await ctx.keys.get(parsed.keyId)
  if (!key || key.accountId !== caller.principal.accountId || key.region !== ctx.region) {
    throw new AccessDeniedException('The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.')
  }
  caller.audit.resource(key)
  assertCanEncrypt(key, operation, opts.algorithm, context)
  if (opts.dryRun) throw dryRunSucceeded()
  const material = await ctx.keys.material(key, parsed.materialId)
  if (!material) throw invalidCiphertext()
  return { key, plaintext: decryptSymmetric(parsed, material, context), materialId: parsed.materialId }
}
