/**
 * Unwrapping key material sent for import (AWS KMS Developer Guide, "Encrypt key material"):
 * - RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256: the material itself is one RSA-OAEP block (MGF1 over the
 *   same hash, as `openssl pkeyutl -pkeyopt rsa_oaep_md:H -pkeyopt rsa_mgf1_md:H` makes it).
 * - RSA_AES_KEY_WRAP_SHA_1 / _SHA_256 (PKCS #11 CKM_RSA_AES_KEY_WRAP): RSA-OAEP of an ephemeral
 *   AES-256 key, exactly modulus-length bytes, followed by AES key wrap with padding (RFC 5649) of the
 *   material under that key (`openssl enc -id-aes256-wrap-pad -iv A65959A6`).
 */
import { createDecipheriv, generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'
import { oaepDecrypt, type OaepHash } from './rsa-oaep.js'

/** RFC 5649 section 3: the alternative initial value of AES key wrap with padding. */
const KWP_IV = Buffer.from('A65959A6', 'hex')
const AES_256_KEY_BYTES = 32

export interface UnwrapScheme { hash: OaepHash; aesKeyWrap: boolean }

export interface WrappingKeyPair { publicKeyDer: Buffer; privateKeyDer: Buffer }

const generateRsa = promisify(generateKeyPair)

/** A fresh RSA wrapping key pair (SPKI and PKCS#8 DER); seconds for 4096 bits, off the event loop. */
export async function generateWrappingKeyPair(modulusBits: number): Promise<WrappingKeyPair> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: modulusBits,
    publicExponent: 65537,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  })
  return { publicKeyDer: publicKey, privateKeyDer: privateKey }
}

/** The unwrapped material, or null for anything that does not unwrap (wrong key, hash, length, integrity). */
export function unwrapImport(privateKeyDer: Buffer, modulusBytes: number, scheme: UnwrapScheme, wrapped: Buffer): Buffer | null {
  if (!scheme.aesKeyWrap) return oaepDecrypt(privateKeyDer, scheme.hash, wrapped)
  if (wrapped.length <= modulusBytes) return null
  const aesKey = oaepDecrypt(privateKeyDer, scheme.hash, wrapped.subarray(0, modulusBytes))
  if (!aesKey || aesKey.length !== AES_256_KEY_BYTES) return null
  try {
    const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, KWP_IV)
    return Buffer.concat([decipher.update(wrapped.subarray(modulusBytes)), decipher.final()])
  } catch {
    return null
  } finally {
    aesKey.fill(0)
  }
}
