/**
 * Condition blocks: compile once, then evaluate per request. The rules (IAM User Guide, "Condition
 * operators", "Single-valued vs. multivalued context keys"):
 * - several operators in a block, and several keys under one operator: AND;
 * - several values for one key: OR; for a negated operator: NOR;
 * - a missing key: false, except negated operators (true), `...IfExists` (true), `ForAllValues:` (true,
 *   also for an empty list) and `ForAnyValue:` (false, also for an empty list);
 * - `Null`: "true" holds when the key is absent, "false" when present;
 * - keys are case-insensitive; values follow the operator's case rule;
 * - a policy variable without a value makes the condition false (the statement does not apply).
 */
import type { ConditionContext } from './context.js'
import { OPERATORS, type ValueMatcher } from './operators.js'

type SetOperator = 'none' | 'any' | 'all'

export interface CompiledCondition {
  /** The operator as written, for explanations. */
  readonly operator: string
  readonly key: string
  readonly test: (ctx: ConditionContext) => boolean
}

const OPERATOR_NAME = /^(ForAnyValue:|ForAllValues:)?([A-Za-z]+?)(IfExists)?$/

// IAM rejects ForAllValues with these single-valued keys on create/update (conditions-kms.md).
const OVERLY_PERMISSIVE = [
  { prefix: 'kms:encryptioncontext:', what: 'encryption context' },
  { prefix: 'aws:requesttag/', what: 'tag' },
]

function scalars(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value]
  const out: string[] = []
  for (const v of list) {
    if (typeof v === 'string') out.push(v)
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v))
    else return undefined
  }
  return out
}

function present(values: readonly string[] | undefined): values is readonly string[] {
  return values !== undefined && values.length > 0
}

function nullTest(key: string, values: readonly string[]): CompiledCondition['test'] | string {
  const expected = new Set<boolean>()
  for (const v of values) {
    const l = v.toLowerCase()
    if (l !== 'true' && l !== 'false') return `Invalid Condition value: ${v}`
    expected.add(l === 'true')
  }
  return (ctx) => expected.has(!present(ctx.get(key)))
}

function valueTest(key: string, set: SetOperator, ifExists: boolean, negated: boolean,
  match: ValueMatcher): CompiledCondition['test'] {
  return (ctx) => {
    const values = ctx.get(key)
    if (!present(values)) return ifExists || set === 'all' || (set === 'none' && negated)
    const needAll = set === 'all' || (set === 'none' && negated)
    for (const v of values) {
      const r = match(v, ctx)
      if (r === undefined) return false
      const ok = negated ? !r : r
      if (needAll && !ok) return false
      if (!needAll && ok) return true
    }
    return needAll
  }
}

/** Compiles a statement's Condition element; a string is the reason it is malformed. */
export function compileConditions(block: unknown, variables: boolean): CompiledCondition[] | string {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return 'Condition must be an object.'
  const out: CompiledCondition[] = []
  for (const [operator, keys] of Object.entries(block)) {
    const m = OPERATOR_NAME.exec(operator)
    const base = m?.[2] ?? ''
    const family = OPERATORS[base]
    if (!m || (base !== 'Null' && !family) || (base === 'Null' && m[3])) return `Invalid Condition type : ${operator}`
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) return `Condition ${operator} must map keys to values.`
    const set: SetOperator = m[1] === 'ForAnyValue:' ? 'any' : m[1] === 'ForAllValues:' ? 'all' : 'none'
    for (const [rawKey, rawValues] of Object.entries(keys)) {
      const key = rawKey.toLowerCase()
      const values = scalars(rawValues)
      if (!values || values.length === 0) return `Condition ${operator} has an invalid value for ${rawKey}.`
      const permissive = set === 'all' && OVERLY_PERMISSIVE.find((p) => key.startsWith(p.prefix))
      if (permissive) {
        return `OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified ${permissive.what} or with an unspecified ${permissive.what}. To fix, remove ForAllValues.`
      }
      let test: CompiledCondition['test'] | string
      if (family) {
        const match = family.compile(values, variables)
        test = typeof match === 'string' ? match : valueTest(key, set, m[3] !== undefined, family.negated, match)
      } else test = nullTest(key, values)
      if (typeof test === 'string') return test
      out.push({ operator, key, test })
    }
  }
  return out
}

/** True when every condition holds (an empty block always holds). */
export function conditionsHold(conditions: readonly CompiledCondition[], ctx: ConditionContext): boolean {
  for (const c of conditions) if (!c.test(ctx)) return false
  return true
}
