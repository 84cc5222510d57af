/**
 * Compiles one policy statement: Effect, Principal/NotPrincipal, Action/NotAction,
 * Resource/NotResource, Condition. Action names are matched case-insensitively (exact names in a Set,
 * wildcards in one expression); resources case-sensitively, with policy variables.
 * Messages marked "IAM" are IAM's own wording; the others are Trent's (AWS's KMS text is not public).
 */
import { compileConditions } from './conditions.js'
import type { ConditionContext } from './context.js'
import type { CompiledStatement, PolicyKind } from './policy-types.js'
import { compilePrincipals } from './principal.js'
import { parseTemplate, resolvePieces, type Template } from './template.js'
import { globRegExp, hasWildcard, piecesRegExp } from './wildcard.js'

const KNOWN = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource',
  'NotResource', 'Condition'])
const ACTION = /^(?:\*|[A-Za-z0-9-]+:[A-Za-z0-9*?-]*)$/
const VENDOR = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' // IAM

function strings(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value]
  return list.length > 0 && list.every((v): v is string => typeof v === 'string') ? list : undefined
}

/** One of two mutually exclusive elements (Action/NotAction, ...): which, and its value. */
function either(s: Record<string, unknown>, name: string): { negated: boolean; value: unknown } | string | undefined {
  const plain = s[name]
  const not = s[`Not${name}`]
  if (plain !== undefined && not !== undefined) return `Statement cannot contain both ${name} and Not${name}.`
  if (plain !== undefined) return { negated: false, value: plain }
  if (not !== undefined) return { negated: true, value: not }
  return undefined
}

function compileActions(value: unknown, negated: boolean): CompiledStatement['action'] | string {
  const list = strings(value)
  if (!list) return `Action must be a string or a list of strings.`
  if (!list.every((a) => ACTION.test(a))) return VENDOR
  const exact = new Set(list.filter((a) => !hasWildcard(a)).map((a) => a.toLowerCase()))
  const wild = list.filter(hasWildcard)
  const re = wild.length > 0 ? new RegExp(wild.map((w) => globRegExp(w, true).source).join('|'), 'iu') : undefined
  const test = (a: string) => exact.has(a) || (re !== undefined && re.test(a))
  return negated ? (a) => !test(a) : test
}

function compileResources(value: unknown, negated: boolean, variables: boolean): CompiledStatement['resource'] | string {
  const list = strings(value)
  if (!list) return `Resource must be a string or a list of strings.`
  const dynamic: Template[] = []
  const fixed: RegExp[] = []
  const exact = new Set<string>()
  let any = false
  for (const r of list) {
    const t = parseTemplate(r, variables)
    if (typeof t === 'string') return t
    if (r === '*') any = true
    else if (t.parts !== undefined) dynamic.push(t)
    else if (hasWildcard(r)) fixed.push(globRegExp(r, false))
    else exact.add(r)
  }
  const test = (res: string, ctx: ConditionContext): boolean => {
    if (any || exact.has(res)) return true
    for (const re of fixed) if (re.test(res)) return true
    for (const t of dynamic) {
      const pieces = resolvePieces(t, ctx) // unresolved variable: this entry does not match
      if (pieces !== undefined && piecesRegExp(pieces, false).test(res)) return true
    }
    return false
  }
  return negated ? (res, ctx) => !test(res, ctx) : test
}

const never = () => false

/** Compiles a statement; a string is the reason the document is malformed. */
export function compileStatement(raw: unknown, kind: PolicyKind, variables: boolean): CompiledStatement | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'Each Statement must be a JSON object.'
  const s = raw as Record<string, unknown>
  const unknown = Object.keys(s).find((k) => !KNOWN.has(k))
  if (unknown !== undefined) return `Statement contains an unknown element: ${unknown}.`
  if (s['Sid'] !== undefined && typeof s['Sid'] !== 'string') return 'Sid must be a string.'
  if (kind === 'identity' && typeof s['Sid'] === 'string' && !/^[A-Za-z0-9]*$/.test(s['Sid'])) {
    return 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*' // IAM
  }
  const effect = s['Effect']
  if (effect !== 'Allow' && effect !== 'Deny') {
    return effect === undefined ? 'Missing required field Effect' : `Invalid effect: ${String(effect)}` // IAM
  }
  const principal = either(s, 'Principal')
  if (typeof principal === 'string') return principal
  if (kind === 'identity' && principal) return 'Policy document should not specify a principal.' // IAM
  if (kind === 'key' && !principal) return 'Policy contains a statement with no principal.'
  const names = principal ? compilePrincipals(principal.value) : undefined
  if (typeof names === 'string') return names
  const action = either(s, 'Action')
  const resource = either(s, 'Resource')
  if (typeof action === 'string') return action
  if (typeof resource === 'string') return resource
  // KMS accepts key-policy statements without Action or Resource; they have no effect (CreateKey, Policy).
  if (kind === 'identity' && !action) return 'Policy statement must contain actions.' // IAM
  if (kind === 'identity' && !resource) return 'Policy statement must contain resources.' // IAM
  const actionTest = action ? compileActions(action.value, action.negated) : never
  if (typeof actionTest === 'string') return actionTest
  const resourceTest = resource ? compileResources(resource.value, resource.negated, variables) : never
  if (typeof resourceTest === 'string') return resourceTest
  const conditions = s['Condition'] === undefined ? [] : compileConditions(s['Condition'], variables)
  if (typeof conditions === 'string') return conditions
  return {
    sid: typeof s['Sid'] === 'string' ? s['Sid'] : undefined,
    effect,
    principal: names && principal ? { names, negated: principal.negated } : undefined,
    action: actionTest,
    resource: resourceTest,
    conditions,
  }
}
