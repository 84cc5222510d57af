/**
 * Request bodies are JSON.parse'd, then checked for duplicate object keys, which JSON.parse would
 * silently collapse (an encryption context with a key given twice must be rejected, not guessed at).
 * The check only scans strings and braces of text JSON.parse has already accepted as well-formed.
 */
import { SerializationException } from '../kms/errors.js'

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {}
  const text = body.toString('utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new SerializationException('The request body is not valid JSON.')
  }
  assertNoDuplicateKeys(text)
  return value
}

function assertNoDuplicateKeys(text: string): void {
  const stack: (Set<string> | null)[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x7b /* { */) { stack.push(new Set()); i++ }
    else if (c === 0x5b /* [ */) { stack.push(null); i++ }
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) { stack.pop(); i++ }
    else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i)
      const keys = stack[stack.length - 1]
      if (keys && isFollowedByColon(text, end)) {
        const raw = text.slice(i, end)
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1)
        if (keys.has(key)) throw new SerializationException(`Duplicate key '${key.slice(0, 64)}' in a JSON object.`)
        keys.add(key)
      }
      i = end
    } else i++
  }
}

/** Index just past the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let from = start + 1
  for (;;) {
    const quote = text.indexOf('"', from)
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++
    if (backslashes % 2 === 0) return quote + 1
    from = quote + 1
  }
}

function isFollowedByColon(text: string, from: number): boolean {
  let i = from
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x3a) return true
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false
    i++
  }
  return false
}
