/** HMAC (RFC 2104) over node:crypto, for the HMAC_224/256/384/512 key specs. */
import { createHmac } from 'node:crypto'

export type HmacHash = 'sha224' | 'sha256' | 'sha384' | 'sha512'

export function hmac(hash: HmacHash, key: Buffer, message: Buffer): Buffer {
  return createHmac(hash, key).update(message).digest()
}
