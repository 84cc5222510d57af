/** AES-256-GCM with a 96-bit IV and a 128-bit tag: the only AEAD Trent uses for symmetric data. */
import { createCipheriv, createDecipheriv } from 'node:crypto'

export const GCM_IV_BYTES = 12
export const GCM_TAG_BYTES = 16

export interface Sealed { ciphertext: Buffer; tag: Buffer }

export function gcmEncrypt(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES })
  cipher.setAAD(aad)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { ciphertext, tag: cipher.getAuthTag() }
}

/** Returns the plaintext, or null when the tag does not verify (the caller decides what error to show). */
export function gcmDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES })
  decipher.setAAD(aad)
  decipher.setAuthTag(tag)
  const head = decipher.update(ciphertext)
  try {
    return Buffer.concat([head, decipher.final()])
  } catch {
    head.fill(0)
    return null
  }
}
