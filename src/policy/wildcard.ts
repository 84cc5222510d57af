/**
 * IAM wildcards: `*` matches any run of characters (including none), `?` exactly one. Patterns are
 * compiled to anchored regular expressions once, when the policy is compiled, so matching a request
 * is one `RegExp.test`.
 */

/** A piece of a pattern: wildcard characters in `wild` pieces are active, in literal pieces they are not. */
export interface PatternPiece {
  text: string
  wild: boolean
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Regular-expression source for pieces, without anchors. */
export function piecesSource(pieces: readonly PatternPiece[]): string {
  let out = ''
  for (const p of pieces) {
    if (!p.wild) {
      out += escapeRe(p.text)
      continue
    }
    for (const ch of p.text) out += ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]' : escapeRe(ch)
  }
  return out
}

/** An anchored matcher; `u` flag so `?` is one code point, as AWS counts characters. */
export function piecesRegExp(pieces: readonly PatternPiece[], ignoreCase: boolean): RegExp {
  return new RegExp(`^${piecesSource(pieces)}$`, ignoreCase ? 'iu' : 'u')
}

/** A matcher for a plain pattern with active wildcards. */
export function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  return piecesRegExp([{ text: pattern, wild: true }], ignoreCase)
}

/** True when a plain pattern contains a wildcard. */
export const hasWildcard = (pattern: string): boolean => pattern.includes('*') || pattern.includes('?')
