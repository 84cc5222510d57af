/**
 * NIST SP 800-108r1 key derivation in counter mode with HMAC-SHA256 as the PRF:
 *   K(i) = HMAC(KI, [i]_32be || Label || 0x00 || Context || [L]_32be), output = K(1) || K(2) ...
 * node:crypto has no KBKDF, so it is composed from node's HMAC (the construction, not the primitive).
 */
import { createHmac } from 'node:crypto'

const HASH_BYTES = 32

export function kbkdfHmacSha256(keyIn: Buffer, label: Buffer, context: Buffer, outputBytes: number): Buffer {
  const lengthBits = Buffer.alloc(4)
  lengthBits.writeUInt32BE(outputBytes * 8)
  const blocks = Math.ceil(outputBytes / HASH_BYTES)
  const out = Buffer.alloc(blocks * HASH_BYTES)
  const counter = Buffer.alloc(4)
  for (let i = 1; i <= blocks; i++) {
    counter.writeUInt32BE(i)
    createHmac('sha256', keyIn)
      .update(counter).update(label).update(ZERO).update(context).update(lengthBits)
      .digest()
      .copy(out, (i - 1) * HASH_BYTES)
  }
  return blocks * HASH_BYTES === outputBytes ? out : out.subarray(0, outputBytes)
}

const ZERO = Buffer.alloc(1)
