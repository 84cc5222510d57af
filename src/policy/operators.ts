/**
 * The condition operators, one table entry per family. Each entry compiles the policy's values for a
 * key once into a `ValueMatcher` that answers "does this request value match any of the policy's
 * values?"; negation, `...IfExists`, `ForAnyValue:`/`ForAllValues:` and missing keys are applied
 * uniformly by conditions.ts, so nothing below switches on operator names.
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators".
 */
import { BlockList } from 'node:net'
import type { ConditionContext } from './context.js'
import { addRange, arnRegExp, ipFamily, parseBase64, parseDate, parseNumber } from './operand-parsers.js'
import { parseTemplate, resolvePieces, resolveString, type Template } from './template.js'
import { piecesRegExp, type PatternPiece } from './wildcard.js'

/** true/false, or undefined when a policy variable could not be resolved (the condition then fails). */
export type ValueMatcher = (requestValue: string, ctx: ConditionContext) => boolean | undefined

export interface OperatorFamily {
  /** Negated operators match when no policy value matches (NOR), and when the key is missing. */
  negated: boolean
  /** Compiles the policy's values; a string is the error for a malformed value. */
  compile(values: readonly string[], variables: boolean): ValueMatcher | string
}

const bad = (value: string) => `Invalid Condition value: ${value}` // best guess at IAM's wording

function templates(values: readonly string[], variables: boolean): Template[] | string {
  const out: Template[] = []
  for (const v of values) {
    const t = parseTemplate(v, variables)
    if (typeof t === 'string') return t
    out.push(t)
  }
  return out
}

/** Exact comparison, with an optional case fold; static values become one Set lookup. */
function equality(fold: (s: string) => string) {
  return (values: readonly string[], variables: boolean): ValueMatcher | string => {
    const ts = templates(values, variables)
    if (typeof ts === 'string') return ts
    if (ts.every((t) => t.parts === undefined)) {
      const set = new Set(ts.map((t) => fold(t.source)))
      return (v) => set.has(fold(v))
    }
    return (v, ctx) => {
      const folded = fold(v)
      for (const t of ts) {
        const r = resolveString(t, ctx)
        if (r === undefined) return undefined
        if (fold(r) === folded) return true
      }
      return false
    }
  }
}

/** Wildcard comparison (StringLike, Arn*); static values are compiled to expressions once. */
function pattern(build: (pieces: readonly PatternPiece[]) => RegExp) {
  return (values: readonly string[], variables: boolean): ValueMatcher | string => {
    const ts = templates(values, variables)
    if (typeof ts === 'string') return ts
    const fixed = ts.filter((t) => t.parts === undefined).map((t) => build([{ text: t.source, wild: true }]))
    const dynamic = ts.filter((t) => t.parts !== undefined)
    return (v, ctx) => {
      for (const re of fixed) if (re.test(v)) return true
      for (const t of dynamic) {
        const pieces = resolvePieces(t, ctx)
        if (pieces === undefined) return undefined
        if (build(pieces).test(v)) return true
      }
      return false
    }
  }
}

/**
 * Typed comparison (numbers, dates, booleans, bytes): the policy's values are parsed once, and a
 * request value that does not parse never matches.
 */
function typed<T>(parse: (s: string) => T | undefined, test: (req: T, pol: T) => boolean) {
  return (values: readonly string[]): ValueMatcher | string => {
    const parsed: T[] = []
    for (const v of values) {
      const p = parse(v)
      if (p === undefined) return bad(v)
      parsed.push(p)
    }
    return (v) => {
      const r = parse(v)
      return r !== undefined && parsed.some((p) => test(r, p))
    }
  }
}

const parseBool = (s: string): boolean | undefined => {
  const l = s.toLowerCase()
  return l === 'true' ? true : l === 'false' ? false : undefined
}

function ipRange(values: readonly string[]): ValueMatcher | string {
  const list = new BlockList()
  for (const v of values) if (!addRange(list, v)) return bad(v)
  return (v) => {
    const ip = ipFamily(v.trim())
    return ip !== undefined && list.check(ip.address, ip.family)
  }
}

const same = (s: string) => s
const lower = (s: string) => s.toLowerCase()
const stringLike = pattern((p) => piecesRegExp(p, false))
const arnLike = pattern(arnRegExp)
const number = (t: (a: number, b: number) => boolean) => typed(parseNumber, t)
const date = (t: (a: number, b: number) => boolean) => typed(parseDate, t)
const eq = (a: number, b: number) => a === b
const lt = (a: number, b: number) => a < b
const le = (a: number, b: number) => a <= b
const gt = (a: number, b: number) => a > b
const ge = (a: number, b: number) => a >= b
const pos = (compile: OperatorFamily['compile']): OperatorFamily => ({ negated: false, compile })
const neg = (compile: OperatorFamily['compile']): OperatorFamily => ({ negated: true, compile })

/** Every operator IAM defines except `Null`, which tests presence and is handled by conditions.ts. */
export const OPERATORS: Readonly<Record<string, OperatorFamily>> = {
  StringEquals: pos(equality(same)),
  StringNotEquals: neg(equality(same)),
  StringEqualsIgnoreCase: pos(equality(lower)),
  StringNotEqualsIgnoreCase: neg(equality(lower)),
  StringLike: pos(stringLike),
  StringNotLike: neg(stringLike),
  NumericEquals: pos(number(eq)),
  NumericNotEquals: neg(number(eq)),
  NumericLessThan: pos(number(lt)),
  NumericLessThanEquals: pos(number(le)),
  NumericGreaterThan: pos(number(gt)),
  NumericGreaterThanEquals: pos(number(ge)),
  DateEquals: pos(date(eq)),
  DateNotEquals: neg(date(eq)),
  DateLessThan: pos(date(lt)),
  DateLessThanEquals: pos(date(le)),
  DateGreaterThan: pos(date(gt)),
  DateGreaterThanEquals: pos(date(ge)),
  Bool: pos(typed(parseBool, (a, b) => a === b)),
  BinaryEquals: pos(typed(parseBase64, (a, b) => a.equals(b))),
  IpAddress: pos(ipRange),
  NotIpAddress: neg(ipRange),
  // AWS documents ArnEquals and ArnLike as the same segment-wise wildcard match.
  ArnEquals: pos(arnLike),
  ArnLike: pos(arnLike),
  ArnNotEquals: neg(arnLike),
  ArnNotLike: neg(arnLike),
}
