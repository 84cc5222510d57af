/**
 * EMSA-PSS encoding and verification (RFC 8017 sections 9.1.1 and 9.1.2) with MGF1 over the same hash
 * and a salt as long as the hash, for signing a caller's digest (KMS MessageType DIGEST). node:crypto
 * only signs messages it hashes itself, so the encoding is composed here and the RSA operation stays
 * OpenSSL's (raw private/public operation); the construction, not the primitive.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export type PssHash = 'sha256' | 'sha384' | 'sha512'

const ZEROS8 = Buffer.alloc(8)

function mgf1(hash: PssHash, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = []
  const counter = Buffer.alloc(4)
  let produced = 0
  for (let i = 0; produced < length; i++) {
    counter.writeUInt32BE(i)
    const block = createHash(hash).update(seed).update(counter).digest()
    blocks.push(block)
    produced += block.length
  }
  return Buffer.concat(blocks).subarray(0, length)
}

/** EM for `mHash` with a fresh random salt of hLen bytes; emBits = modulus bits - 1. */
export function emsaPssEncode(hash: PssHash, mHash: Buffer, emBits: number, salt?: Buffer): Buffer {
  const hLen = mHash.length
  const sLen = hLen
  const emLen = Math.ceil(emBits / 8)
  if (emLen < hLen + sLen + 2) throw new Error('encoding error: modulus too small for the hash')
  const s = salt ?? randomBytes(sLen)
  const h = createHash(hash).update(ZEROS8).update(mHash).update(s).digest()
  const db = Buffer.alloc(emLen - hLen - 1)
  db[emLen - sLen - hLen - 2] = 0x01
  s.copy(db, emLen - sLen - hLen - 1)
  const mask = mgf1(hash, h, db.length)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= 0xff >>> (8 * emLen - emBits)
  return Buffer.concat([db, h, Buffer.of(0xbc)])
}

/** Whether EM (emLen bytes) is a valid encoding of `mHash` with a salt of hLen bytes. */
export function emsaPssVerify(hash: PssHash, mHash: Buffer, em: Buffer, emBits: number): boolean {
  const hLen = mHash.length
  const sLen = hLen
  const emLen = Math.ceil(emBits / 8)
  if (em.length !== emLen || emLen < hLen + sLen + 2 || em[emLen - 1] !== 0xbc) return false
  const topMask = 0xff >>> (8 * emLen - emBits)
  if ((em[0]! & ~topMask) !== 0) return false
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1))
  const mask = mgf1(hash, h, db.length)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= topMask
  const psLen = emLen - hLen - sLen - 2
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false
  if (db[psLen] !== 0x01) return false
  const salt = db.subarray(db.length - sLen)
  const expected = createHash(hash).update(ZEROS8).update(mHash).update(salt).digest()
  return timingSafeEqual(expected, h)
}
