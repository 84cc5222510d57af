/**
 * RSAES-OAEP (RFC 8017 section 7.1) with MGF1 over the same hash as the label hash, as AWS KMS uses for
 * RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256 (interoperable with `openssl pkeyutl -encrypt -pkeyopt
 * rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:H -pkeyopt rsa_mgf1_md:H`).
 */
import { constants, privateDecrypt, publicEncrypt } from 'node:crypto'
import { privateKeyOf, publicKeyOf } from './key-cache.js'

export type OaepHash = 'sha1' | 'sha256'

const HASH_BYTES: Record<OaepHash, number> = { sha1: 20, sha256: 32 }

/** The largest plaintext one OAEP block carries: k - 2*hLen - 2 (RFC 8017 section 7.1.1). */
export function oaepMaxPlaintextBytes(modulusBits: number, hash: OaepHash): number {
  return Math.ceil(modulusBits / 8) - 2 * HASH_BYTES[hash] - 2
}

export function oaepEncrypt(spki: Buffer, hash: OaepHash, plaintext: Buffer): Buffer {
  return publicEncrypt({ key: publicKeyOf(spki), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext)
}

/** The plaintext, or null for any ciphertext that does not decrypt (wrong length, key, hash or padding). */
export function oaepDecrypt(pkcs8: Buffer, hash: OaepHash, ciphertext: Buffer): Buffer | null {
  try {
    return privateDecrypt({ key: privateKeyOf(pkcs8), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext)
  } catch {
    return null
  }
}
