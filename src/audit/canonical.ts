/**
 * Canonical JSON: object keys sorted by UTF-16 code units (JSON.stringify's own order for everything
 * else), no whitespace, undefined members dropped. Parsing a canonical text and canonicalizing it again
 * gives the same bytes, so a verifier can re-hash records it read back from an exported log file.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k]
    if (v !== undefined) out[k] = sortKeys(v)
  }
  return out
}
