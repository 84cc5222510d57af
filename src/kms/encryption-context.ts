/**
 * Canonical byte form of an encryption context, bound as AAD. AWS requires an exact, case-sensitive
 * match where only the order of pairs may vary, so pairs are sorted by the UTF-8 bytes of their keys
 * and length-prefixed (the AWS Encryption SDK's layout):
 *   count:uint16be || (keyLen:uint16be || key || valueLen:uint16be || value)*
 * An empty map and an absent one are the same context.
 */
import { ValidationException } from './errors.js'

export type EncryptionContext = Record<string, string>

const MAX_FIELD_BYTES = 0xffff
const EMPTY = Buffer.from([0, 0])

export function canonicalEncryptionContext(context: EncryptionContext | undefined): Buffer {
  if (!context) return EMPTY
  const pairs = Object.entries(context).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const)
  if (pairs.length === 0) return EMPTY
  if (pairs.length > MAX_FIELD_BYTES) throw new ValidationException('The encryption context has too many entries.')
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]))
  const parts: Buffer[] = [u16(pairs.length)]
  for (const [key, value] of pairs) {
    if (key.length > MAX_FIELD_BYTES || value.length > MAX_FIELD_BYTES) {
      throw new ValidationException('Each encryption context key and value must be at most 65535 bytes in UTF-8.')
    }
    parts.push(u16(key.length), key, u16(value.length), value)
  }
  return Buffer.concat(parts)
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}
