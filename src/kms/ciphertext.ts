/**
 * The symmetric ciphertext blob (documented in docs/ciphertext-format.md). Self-describing so Decrypt
 * needs no KeyId and rotation needs no caller involvement; every header byte is authenticated.
 *
 *   offset size field
 *   0      1    format version (0x01)
 *   1      1    blob type (0x01 = SYMMETRIC_DEFAULT, key id is a UUID)
 *   2      16   KMS key id (UUID bytes)
 *   18     32   key material id (the material version that made this blob)
 *   50     16   KDF nonce N (random per Encrypt)
 *   66     12   AES-GCM IV (random per Encrypt)
 *   78     n    AES-256-GCM ciphertext
 *   78+n   16   GCM tag
 *
 * Per-request key: K = KBKDF-CTR-HMAC-SHA256(material, LABEL, header[0..66), 32 bytes) (SP 800-108).
 * AAD = header[0..78) || canonical(encryption context).
 */
import { randomBytes } from 'node:crypto'
import { kbkdfHmacSha256 } from '../crypto/kbkdf.js'
import { gcmDecrypt, gcmEncrypt, GCM_IV_BYTES, GCM_TAG_BYTES } from '../crypto/aes-gcm.js'
import { canonicalEncryptionContext, type EncryptionContext } from './encryption-context.js'
import { InvalidCiphertextException } from './errors.js'

const FORMAT_VERSION = 0x01
const TYPE_SYMMETRIC_UUID = 0x01
const KEY_ID_BYTES = 16
export const MATERIAL_ID_BYTES = 32
const NONCE_BYTES = 16
const KDF_CONTEXT_END = 2 + KEY_ID_BYTES + MATERIAL_ID_BYTES + NONCE_BYTES // 66
const HEADER_BYTES = KDF_CONTEXT_END + GCM_IV_BYTES // 78
const LABEL = Buffer.from('trent/v1/symmetric-encrypt', 'utf8')

export interface ParsedCiphertext {
  keyId: string
  /** Hex, as KeyMaterialId is shown on the wire. */
  materialId: string
  header: Buffer
  body: Buffer
  tag: Buffer
}

export function encryptSymmetric(
  keyId: string, materialId: string, material: Buffer, plaintext: Buffer, context: EncryptionContext | undefined,
): Buffer {
  const aad = canonicalEncryptionContext(context)
  const header = Buffer.allocUnsafe(HEADER_BYTES)
  header[0] = FORMAT_VERSION
  header[1] = TYPE_SYMMETRIC_UUID
  uuidToBytes(keyId).copy(header, 2)
  header.write(materialId, 2 + KEY_ID_BYTES, MATERIAL_ID_BYTES, 'hex')
  randomBytes(NONCE_BYTES + GCM_IV_BYTES).copy(header, 2 + KEY_ID_BYTES + MATERIAL_ID_BYTES)
  const derived = deriveKey(material, header)
  const { ciphertext, tag } = gcmEncrypt(derived, header.subarray(KDF_CONTEXT_END), plaintext, Buffer.concat([header, aad]))
  derived.fill(0)
  return Buffer.concat([header, ciphertext, tag])
}

/** Reads the header without decrypting. Any structural problem is the one uniform exception. */
export function parseCiphertext(blob: Buffer): ParsedCiphertext {
  if (blob.length < HEADER_BYTES + GCM_TAG_BYTES || blob[0] !== FORMAT_VERSION || blob[1] !== TYPE_SYMMETRIC_UUID) {
    throw invalidCiphertext()
  }
  return {
    keyId: bytesToUuid(blob.subarray(2, 2 + KEY_ID_BYTES)),
    materialId: blob.toString('hex', 2 + KEY_ID_BYTES, 2 + KEY_ID_BYTES + MATERIAL_ID_BYTES),
    header: blob.subarray(0, HEADER_BYTES),
    body: blob.subarray(HEADER_BYTES, blob.length - GCM_TAG_BYTES),
    tag: blob.subarray(blob.length - GCM_TAG_BYTES),
  }
}

export function decryptSymmetric(parsed: ParsedCiphertext, material: Buffer, context: EncryptionContext | undefined): Buffer {
  const aad = canonicalEncryptionContext(context)
  const derived = deriveKey(material, parsed.header)
  const plaintext = gcmDecrypt(derived, parsed.header.subarray(KDF_CONTEXT_END), parsed.body, parsed.tag, Buffer.concat([parsed.header, aad]))
  derived.fill(0)
  if (!plaintext) throw invalidCiphertext()
  return plaintext
}

export function invalidCiphertext(): InvalidCiphertextException {
  // AWS sends this with an empty message, whatever the cause: nothing tells a tampered blob from a wrong context.
  return new InvalidCiphertextException('')
}

function deriveKey(material: Buffer, header: Buffer): Buffer {
  return kbkdfHmacSha256(material, LABEL, header.subarray(0, KDF_CONTEXT_END), 32)
}

function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a UUID key id: ${uuid}`)
  return Buffer.from(hex, 'hex')
}

function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
