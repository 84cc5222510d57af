/**
 * Policy variables in Resource and Condition values (Version 2012-10-17 only): `${aws:username}`,
 * `${aws:PrincipalTag/team}`, with a default `${aws:PrincipalTag/team, 'none'}`, and the escapes
 * `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$`. Each value is parsed once into pieces; static
 * values (the common case) resolve without work.
 * Source: IAM User Guide, "IAM policy elements: Variables and tags" (reference_policies_variables).
 */
import type { ConditionContext } from './context.js'
import type { PatternPiece } from './wildcard.js'

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'literal'; text: string }
  | { kind: 'var'; key: string; fallback: string | undefined }

export interface Template {
  readonly source: string
  /** Undefined for a static value. */
  readonly parts: readonly Part[] | undefined
}

const VARIABLE = /\$\{([^}]*)\}/g
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', '$': '$' }
// `${key}` or `${key, 'default'}`; the key is a condition key name.
const VAR_BODY = /^\s*([A-Za-z0-9_:\-/.@+=]+)\s*(?:,\s*'([^']*)'\s*)?$/

/**
 * Parses a value; `variables` is false for Version 2008-10-17, where `${...}` is plain text.
 * Returns an error message for a malformed variable.
 */
export function parseTemplate(source: string, variables: boolean): Template | string {
  if (!variables || !source.includes('${')) return { source, parts: undefined }
  const parts: Part[] = []
  let last = 0
  for (const m of source.matchAll(VARIABLE)) {
    const index = m.index ?? 0
    if (index > last) parts.push({ kind: 'text', text: source.slice(last, index) })
    const body = m[1] ?? ''
    const escaped = ESCAPES[body]
    if (escaped !== undefined) {
      parts.push({ kind: 'literal', text: escaped })
    } else {
      const v = VAR_BODY.exec(body)
      if (!v) return `Invalid policy variable: ${m[0]}`
      parts.push({ kind: 'var', key: v[1] ?? '', fallback: v[2] })
    }
    last = index + m[0].length
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last) })
  return { source, parts }
}

/**
 * Resolves to pattern pieces (wildcards active only in the policy's own text, never in escapes or
 * substituted values), or undefined when a variable has no value and no default: AWS then treats the
 * element as not matching.
 */
export function resolvePieces(t: Template, ctx: ConditionContext): PatternPiece[] | undefined {
  if (t.parts === undefined) return [{ text: t.source, wild: true }]
  const out: PatternPiece[] = []
  for (const p of t.parts) {
    if (p.kind === 'text') out.push({ text: p.text, wild: true })
    else if (p.kind === 'literal') out.push({ text: p.text, wild: false })
    else {
      const value = ctx.variable(p.key) ?? p.fallback
      if (value === undefined) return undefined
      out.push({ text: value, wild: false })
    }
  }
  return out
}

/** Resolves to a plain string (for operators without wildcards). */
export function resolveString(t: Template, ctx: ConditionContext): string | undefined {
  if (t.parts === undefined) return t.source
  const pieces = resolvePieces(t, ctx)
  return pieces === undefined ? undefined : pieces.map((p) => p.text).join('')
}
