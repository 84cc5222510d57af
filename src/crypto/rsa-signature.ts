/**
 * RSASSA-PSS (salt length = hash length, MGF1 with the same hash) and RSASSA-PKCS1-v1_5 signatures,
 * over a message node hashes (KMS MessageType RAW) or over a caller's digest (DIGEST). For a digest,
 * the encoding is built here (PSS in ./emsa-pss.ts; PKCS #1 v1.5 is DigestInfo || digest behind type 1
 * padding) and OpenSSL performs the raw RSA operation, with blinding.
 */
import { constants, privateEncrypt, publicDecrypt, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto'
import { emsaPssEncode, emsaPssVerify } from './emsa-pss.js'
import { privateKeyOf, publicKeyOf } from './key-cache.js'

export type RsaSignatureScheme = 'pss' | 'pkcs1'
export type RsaSignatureHash = 'sha256' | 'sha384' | 'sha512'

/** DER DigestInfo prefixes (RFC 8017 section 9.2, note 1). */
const DIGEST_INFO: Record<RsaSignatureHash, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
}

/** The digest length of each hash, which is also the PSS salt length. */
export const RSA_HASH_BYTES: Record<RsaSignatureHash, number> = { sha256: 32, sha384: 48, sha512: 64 }

function options(key: KeyObject, scheme: RsaSignatureScheme) {
  return scheme === 'pss'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { key, padding: constants.RSA_PKCS1_PADDING }
}

function modulusBits(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength
  if (bits === undefined) throw new Error('not an RSA key')
  return bits
}

/** EMSA-PKCS1-v1_5 (RFC 8017 section 9.2): 0x00 0x01 FF..FF 0x00 DigestInfo, k bytes. */
function emsaPkcs1(hash: RsaSignatureHash, digest: Buffer, k: number): Buffer {
  const t = Buffer.concat([DIGEST_INFO[hash], digest])
  const em = Buffer.alloc(k, 0xff)
  em[0] = 0x00
  em[1] = 0x01
  em[k - t.length - 1] = 0x00
  t.copy(em, k - t.length)
  return em
}

/** Signs `message` (hashed here) or, when `prehashed`, the digest `message` itself. */
export function rsaSign(pkcs8: Buffer, scheme: RsaSignatureScheme, hash: RsaSignatureHash, message: Buffer, prehashed: boolean): Buffer {
  const key = privateKeyOf(pkcs8)
  if (!prehashed) return sign(hash, message, options(key, scheme))
  if (message.length !== RSA_HASH_BYTES[hash]) throw new Error('digest length does not match the hash')
  if (scheme === 'pkcs1') {
    return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO[hash], message]))
  }
  const bits = modulusBits(key)
  const k = Math.ceil(bits / 8)
  const em = emsaPssEncode(hash, message, bits - 1)
  const block = em.length === k ? em : Buffer.concat([Buffer.alloc(k - em.length), em])
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, block)
}

/** Whether `signature` is valid for `message` (or, when `prehashed`, for the digest `message`). */
export function rsaVerify(
  spki: Buffer, scheme: RsaSignatureScheme, hash: RsaSignatureHash, message: Buffer, prehashed: boolean, signature: Buffer,
): boolean {
  const key = publicKeyOf(spki)
  try {
    if (!prehashed) return verify(hash, message, options(key, scheme), signature)
    const bits = modulusBits(key)
    const k = Math.ceil(bits / 8)
    if (message.length !== RSA_HASH_BYTES[hash] || signature.length !== k) return false
    const em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature)
    if (em.length !== k) return false
    if (scheme === 'pkcs1') return timingSafeEqual(em, emsaPkcs1(hash, message, k))
    const emLen = Math.ceil((bits - 1) / 8)
    if (emLen < k && em[0] !== 0) return false
    return emsaPssVerify(hash, message, em.subarray(k - emLen), bits - 1)
  } catch {
    return false
  }
}

