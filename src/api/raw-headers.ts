/**
 * The first value of a header in node's rawHeaders (name, value, name, value, ...). Names are compared
 * case-insensitively; a name of another length is skipped without lower-casing it, since every request
 * scans its headers several times (credential, user agent, X-Trent-On-Behalf-Of).
 */
export function firstHeader(rawHeaders: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return rawHeaders[i + 1]
  }
  return undefined
}
