/**
 * Minimal DER for SubjectPublicKeyInfo (RFC 5280 section 4.1) with an AlgorithmIdentifier that has an
 * OID and no parameters, which is how ML-DSA public keys are published (RFC 9881). Only what that
 * needs: definite lengths, OBJECT IDENTIFIER, BIT STRING with no unused bits, SEQUENCE.
 */

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length)
  const bytes: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.of(tag), derLength(content.length), content])
}

/** DER of an OBJECT IDENTIFIER in dotted form (first arc 0..2). */
export function derOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => BigInt(a))
  if (arcs.length < 2 || arcs[0]! > 2n) throw new Error(`bad OID ${dotted}`)
  const values = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]
  const out: number[] = []
  for (const value of values) {
    const base128: number[] = [Number(value & 0x7fn)]
    for (let v = value >> 7n; v > 0n; v >>= 7n) base128.unshift(Number(v & 0x7fn) | 0x80)
    out.push(...base128)
  }
  return tlv(0x06, Buffer.from(out))
}

/** SEQUENCE { SEQUENCE { oid }, BIT STRING publicKey }. */
export function encodeSpki(oidDer: Buffer, publicKey: Uint8Array): Buffer {
  const algorithm = tlv(0x30, oidDer)
  const bits = tlv(0x03, Buffer.concat([Buffer.of(0), publicKey]))
  return tlv(0x30, Buffer.concat([algorithm, bits]))
}

/** The raw public key of an SPKI with exactly this OID and no parameters, else null. */
export function decodeSpki(oidDer: Buffer, spki: Buffer, publicKeyBytes: number): Buffer | null {
  const expected = encodeSpki(oidDer, Buffer.alloc(publicKeyBytes))
  const header = expected.length - publicKeyBytes
  if (spki.length !== expected.length || !spki.subarray(0, header).equals(expected.subarray(0, header))) return null
  return spki.subarray(header)
}
