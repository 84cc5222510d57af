/**
 * Parsers for the typed condition operators' values: numbers, dates, IP ranges, base64, and the
 * ARN patterns of the Arn* operators. Each returns undefined for a value it cannot read; at compile
 * time that is a malformed policy, at request time it makes the comparison false.
 */
import { BlockList, isIP } from 'node:net'
import { piecesSource, type PatternPiece } from './wildcard.js'

export function parseNumber(s: string): number | undefined {
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s.trim())) return undefined
  return Number(s)
}

/** ISO 8601 date or date-time, or whole epoch seconds (the two forms IAM documents), to epoch ms. */
export function parseDate(s: string): number | undefined {
  const t = s.trim()
  if (/^\d+$/.test(t)) return Number(t) * 1000
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? undefined : ms
}

export function parseBase64(s: string): Buffer | undefined {
  const t = s.trim()
  if (t.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0) return undefined
  return Buffer.from(t, 'base64')
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i

/** Normalizes an address for a BlockList check (IPv4-mapped IPv6 counts as IPv4). */
export function ipFamily(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = MAPPED_V4.exec(address)
  const a = mapped?.[1] ?? address
  const v = isIP(a)
  return v === 4 ? { address: a, family: 'ipv4' } : v === 6 ? { address: a, family: 'ipv6' } : undefined
}

/** Adds `addr` or `addr/prefix` to the list; false when it is not an address or range. */
export function addRange(list: BlockList, value: string): boolean {
  const [addr, prefix, ...rest] = value.trim().split('/')
  if (addr === undefined || rest.length > 0) return false
  const ip = ipFamily(addr)
  if (!ip) return false
  const max = ip.family === 'ipv4' ? 32 : 128
  if (prefix === undefined) {
    list.addAddress(ip.address, ip.family)
    return true
  }
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return false
  list.addSubnet(ip.address, Number(prefix), ip.family)
  return true
}

/**
 * An Arn* pattern: the six colon-separated parts (`arn:partition:service:region:account:resource`)
 * are matched separately, so a wildcard in the first five never crosses a colon; the resource part
 * may itself contain colons. Built as one anchored expression.
 */
export function arnRegExp(pieces: readonly PatternPiece[]): RegExp {
  let colons = 0
  let source = ''
  for (const piece of pieces) {
    for (const ch of piece.text) {
      const inHead = colons < 5
      if (piece.wild && ch === '*') source += inHead ? '[^:]*' : '[\\s\\S]*'
      else if (piece.wild && ch === '?') source += inHead ? '[^:]' : '[\\s\\S]'
      else source += piecesSource([{ text: ch, wild: false }])
      if (ch === ':') colons++
    }
  }
  return new RegExp(`^${source}$`, 'u')
}
