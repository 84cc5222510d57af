/**
 * List paging as AWS does it: Limit (1-1000, a per-operation default) and an opaque Marker.
 * Markers name the position after which the next page starts, tagged with the list they belong to,
 * so a marker from one list cannot be replayed against another.
 */
import { InvalidMarkerException } from './errors.js'

export function encodeMarker(list: string, position: string): string {
  return Buffer.from(`${list}\0${position}`, 'utf8').toString('base64url')
}

export function decodeMarker(list: string, marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined
  const text = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, 'base64url').toString('utf8') : ''
  const sep = text.indexOf('\0')
  if (sep < 0 || text.slice(0, sep) !== list) throw invalidMarker()
  return text.slice(sep + 1)
}

/** For lists whose items can vanish between pages: the marker is the offset of the next page. */
export function decodeOffsetMarker(list: string, marker: string | undefined): number {
  const offset = Number(decodeMarker(list, marker) ?? 0)
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidMarker()
  return offset
}

const invalidMarker = () =>
  new InvalidMarkerException('The request was rejected because the marker that specifies where pagination should next begin is not valid.')

/** Shapes one page from `limit + 1` fetched items: the extra item only tells whether more exist. */
export function page<T>(items: T[], limit: number, list: string, positionOf: (item: T) => string): { items: T[]; Truncated: boolean; NextMarker?: string } {
  if (items.length <= limit) return { items, Truncated: false }
  const shown = items.slice(0, limit)
  return { items: shown, Truncated: true, NextMarker: encodeMarker(list, positionOf(shown[shown.length - 1]!)) }
}
