/**
 * Parses, validates and compiles a policy document (key policy or IAM identity policy) into the form
 * evaluate.ts reads. Compile once when a policy is stored or loaded; evaluation then does no parsing.
 */
import type { CompiledStatement, ParseResult, PolicyKind } from './policy-types.js'
import { compileStatement } from './statement.js'

/** AWS KMS key policies: at most 32 KB (AWS KMS Developer Guide, "Key policies"). */
export const MAX_KEY_POLICY_BYTES = 32 * 1024

const VERSIONS = new Set(['2012-10-17', '2008-10-17'])
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement'])
// Key policies may hold printable ASCII, printable Basic Latin and Latin-1 Supplement, tab, LF, CR.
const KEY_POLICY_CHARS = /^[\t\n\r\u0020-\u007e\u00a1-\u00ff]*$/

const malformed = (message: string): ParseResult => ({ ok: false, exception: 'MalformedPolicyDocumentException', message })

export function parsePolicy(text: string, kind: PolicyKind): ParseResult {
  if (kind === 'key' && Buffer.byteLength(text, 'utf8') > MAX_KEY_POLICY_BYTES) {
    return { ok: false, exception: 'LimitExceededException', message: `The key policy exceeds the maximum size of ${MAX_KEY_POLICY_BYTES} bytes.` }
  }
  if (kind === 'key' && !KEY_POLICY_CHARS.test(text)) return malformed('The key policy contains characters that are not allowed.')
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return malformed('The policy document is not valid JSON.')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return malformed('The policy document must be a JSON object.')
  const d = doc as Record<string, unknown>
  const extra = Object.keys(d).find((k) => !TOP_LEVEL.has(k))
  if (extra !== undefined) return malformed(`The policy document contains an unknown element: ${extra}.`)
  // IAM treats a document without Version as 2008-10-17 (no policy variables).
  const version = d['Version'] ?? '2008-10-17'
  if (typeof version !== 'string' || !VERSIONS.has(version)) {
    return malformed(`The policy document has an invalid Version: ${String(version)}. Use 2012-10-17.`)
  }
  if (d['Id'] !== undefined && typeof d['Id'] !== 'string') return malformed('Id must be a string.')
  const raw = d['Statement']
  if (raw === undefined) return malformed('The policy document must contain a Statement.')
  const list = Array.isArray(raw) ? raw : [raw]
  if (list.length === 0) return malformed('The policy document must contain at least one Statement.')
  const statements: CompiledStatement[] = []
  const sids = new Set<string>()
  for (const s of list) {
    const compiled = compileStatement(s, kind, version === '2012-10-17')
    if (typeof compiled === 'string') return malformed(compiled)
    if (compiled.sid !== undefined && compiled.sid !== '') {
      if (sids.has(compiled.sid)) return malformed(`Statement IDs (SID) in a single policy must be unique: ${compiled.sid}.`)
      sids.add(compiled.sid)
    }
    statements.push(compiled)
  }
  return {
    ok: true,
    policy: { version: version as '2012-10-17' | '2008-10-17', id: d['Id'] as string | undefined, statements },
  }
}
