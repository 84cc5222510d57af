/**
 * Encryption under any ENCRYPT_DECRYPT key. Symmetric keys use Trent's ciphertext format
 * (symmetric.ts); RSA keys use their registry entry's asymmetric capability, and their ciphertext is
 * the raw RSAES-OAEP output with no header, exactly as AWS returns it, so it interoperates with
 * OpenSSL and every RSA library. Such a blob does not name its key, so Decrypt and ReEncrypt need the
 * KeyId and the EncryptionAlgorithm for it (API reference, Decrypt: "required only when the
 * ciphertext was encrypted under an asymmetric KMS key").
 */
import type { EncryptionAlgorithmSpec } from '../api/generated/kms-model.js'
import { invalidCiphertext } from './ciphertext.js'
import type { Caller, KmsContext } from './context.js'
import type { EncryptionContext } from './encryption-context.js'
import { KMSInternalException, ValidationException } from './errors.js'
import { keySpecEntry, type EncryptionCapability } from './key-specs.js'
import type { KeyRecord } from './records.js'
import { authorizeOnKey } from './authz/authorize.js'
import { resolveKey } from './resolve-key.js'
import { authorizeDecrypt, type DecryptAccess } from './authz/decrypt-access.js'
import { assertCanEncrypt, currentMaterial, decryptBlob, DEFAULT_ENCRYPTION_ALGORITHM, dryRunSucceeded, encryptUnder } from './symmetric.js'

type RsaCapability = NonNullable<EncryptionCapability['asymmetric']>

const rsaOf = (key: KeyRecord): RsaCapability | undefined => keySpecEntry(key.keySpec).encryption?.asymmetric

/** RSA plaintext limits (RFC 8017 7.1.1: k - 2·hLen - 2 bytes), with AWS's message. Symmetric keys: the model's 4096. */
export function assertPlaintextFits(key: KeyRecord, algorithm: EncryptionAlgorithmSpec, plaintext: Buffer): void {
  const rsa = rsaOf(key)
  if (!rsa) return
  const max = rsa.maxPlaintextBytes(algorithm)
  if (plaintext.length > max) {
    throw new ValidationException(`Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${max} bytes.`)
  }
}

export interface Encryption { blob: Buffer; algorithm: EncryptionAlgorithmSpec; /** Symmetric keys only, as AWS reports it. */ materialId?: string }

/** Encrypts under `key` with an algorithm assertCanEncrypt accepted and a plaintext assertPlaintextFits passed. */
export async function encryptWith(
  ctx: KmsContext, key: KeyRecord, algorithm: EncryptionAlgorithmSpec, plaintext: Buffer, context: EncryptionContext | undefined,
): Promise<Encryption> {
  const rsa = rsaOf(key)
  if (!rsa) {
    const { blob, materialId } = await encryptUnder(ctx, key, plaintext, context)
    return { blob, algorithm, materialId }
  }
  return { blob: rsa.encrypt(publicKeyOf(key, await currentMaterial(ctx, key)), algorithm, plaintext), algorithm }
}

export interface Decryption { key: KeyRecord; plaintext: Buffer; algorithm: EncryptionAlgorithmSpec; materialId?: string }

/**
 * Decrypts a blob for Decrypt and ReEncrypt. It is read as Trent's symmetric format unless the request
 * names an RSA key and an algorithm other than the default; so, as on AWS, an RSA key with no
 * algorithm gets InvalidCiphertextException (the raw blob does not parse), and a symmetric blob made
 * under another key gets IncorrectKeyException.
 */
export async function decryptWith(
  ctx: KmsContext, caller: Caller, access: DecryptAccess, blob: Buffer, context: EncryptionContext | undefined,
  opts: { algorithm?: EncryptionAlgorithmSpec; dryRun?: boolean },
): Promise<Decryption> {
  const { operation } = access
  const given = access.keyIdInput === undefined ? undefined : await resolveKey(ctx, caller, access.keyIdInput, { aliases: true })
  if (given) {
    // The caller named this key, so a refusal names it too (the ciphertext's own key gets the no-oracle answer).
    await authorizeOnKey(ctx, caller, {
      operation, action: access.action, input: access.input, key: given, keyIdInput: access.keyIdInput!, encryptionContext: context ?? {},
      ...(access.destinationKeyId !== undefined ? { reEncryptOnSameKey: access.destinationKeyId === given.keyId } : {}),
    })
  }
  const rsa = given && rsaOf(given)
  const requested = opts.algorithm ?? DEFAULT_ENCRYPTION_ALGORITHM
  if (!given || !rsa || requested === DEFAULT_ENCRYPTION_ALGORITHM) {
    const authorize = (key: KeyRecord | undefined) => authorizeDecrypt(ctx, caller, key, access, context)
    const out = await decryptBlob(ctx, operation, blob, context, { ...opts, authorize, ...(given ? { given } : {}) })
    return { ...out, algorithm: requested }
  }
  const algorithm = assertCanEncrypt(given, operation, requested, context)
  if (opts.dryRun) throw dryRunSucceeded()
  const plaintext = await ctx.crypto.decrypt(given.keySpec, algorithm, await currentMaterial(ctx, given), blob)
  if (!plaintext) throw invalidCiphertext()
  return { key: given, plaintext, algorithm }
}

function publicKeyOf(key: KeyRecord, material: Buffer): Buffer {
  const entry = keySpecEntry(key.keySpec)
  if (!entry.publicKey) throw new KMSInternalException(`key spec ${key.keySpec} has RSA encryption but no public key`)
  return entry.publicKey(material)
}
