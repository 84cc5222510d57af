/**
 * The request side of the wire boundary: turns a JSON-parsed AWS JSON 1.1 body into the typed input
 * of an operation, or throws, the way AWS's (Coral) front end does:
 *  - SerializationException at the first value of the wrong JSON type (a shape mismatch means the
 *    request cannot even be deserialized, so nothing else is reported);
 *  - otherwise ValidationException listing every constraint violation of the whole input, depth-first
 *    in model member order, in AWS's format: "2 validation errors detected: Value '' at 'keyId' failed
 *    to satisfy constraint: Member must have length greater than or equal to 1; ...".
 * Within one value the pattern is reported before length (as AWS does), then range, then enum.
 * Sensitive shapes and blobs are never echoed ("Value at '<path>'").
 *
 * Every input shape is compiled once, at module load, into a node tree with its regexes built, so a
 * request is one walk with no per-request closures; paths and messages are only built on failure.
 */
import { SerializationException, ValidationException } from '../kms/errors.js'
import { OPERATIONS, SHAPES, type OperationName, type OperationTypes } from './generated/kms-model.js'

interface Bounds {
  /** 0 / Infinity when the model sets no bound. */
  readonly min: number
  readonly max: number
}
interface StringNode extends Bounds {
  readonly kind: 'string'
  readonly redact: boolean
  readonly pattern: { readonly re: RegExp; readonly rule: string } | undefined
  readonly oneOf: ReadonlySet<string> | undefined
  readonly enumRule: string
}
interface BlobNode extends Bounds { readonly kind: 'blob' }
interface NumberNode extends Bounds { readonly kind: 'integer' | 'long' }
interface ScalarNode { readonly kind: 'boolean' | 'timestamp' }
interface MemberNode {
  readonly name: string
  /** The member's segment in error paths: its name with the first letter lowercased. */
  readonly seg: string
  readonly node: Node
  readonly required: boolean
}
interface StructureNode { readonly kind: 'structure'; readonly members: MemberNode[] }
interface ListNode extends Bounds { readonly kind: 'list'; readonly member: Node }
interface MapNode extends Bounds { readonly kind: 'map'; readonly key: Node; readonly value: Node }
type Node = StringNode | BlobNode | NumberNode | ScalarNode | StructureNode | ListNode | MapNode

/** A path segment: a member or map key, or a 1-based list index (rendered as `.N.member`). */
type Seg = string | number
const INT32 = 2 ** 31
const REDACTED = '*** Sensitive Data Redacted ***'
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({})
const NO_INPUT: StructureNode = { kind: 'structure', members: [] }

/**
 * Decodes padded base64 (RFC 4648 section 4), or returns undefined if `v` is not exactly that: the
 * alphabet's characters, then at most two '=', in groups of four. Checked by decoding rather than by a
 * regex, which cost ~29 µs per 4 KiB blob under load: node's decoder skips any character outside the
 * alphabet (a misplaced '=' included), so the output comes out shorter than the length implies; only
 * the URL-safe '-' and '_', which it does accept, need their own check. validate.test.ts compares it with
 * the regex on every string of length 4 and 8 over small alphabets.
 */
export function strictBase64(v: string): Buffer | undefined {
  if (v.length % 4 !== 0 || v.includes('-') || v.includes('_')) return undefined
  const padding = v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0
  const bytes = Buffer.from(v, 'base64')
  return bytes.length === (v.length / 4) * 3 - padding ? bytes : undefined
}

// ---- compilation (once, at load) ----
const nodes = new Map<string, Node>()

function compile(name: string): Node {
  const known = nodes.get(name)
  if (known !== undefined) return known
  const s = SHAPES[name]
  if (s === undefined) throw new Error(`kms-model has no shape ${name}`)
  const bounds = { min: 'min' in s ? (s.min ?? 0) : 0, max: 'max' in s ? (s.max ?? Infinity) : Infinity }
  let node: Node
  switch (s.type) {
    case 'string':
      node = {
        kind: 'string', ...bounds, redact: s.sensitive === true,
        pattern: s.pattern === undefined ? undefined : { re: javaRegex(s.pattern), rule: `satisfy regular expression pattern: ${s.pattern}` },
        oneOf: s.enum && new Set(s.enum), enumRule: s.enum ? `satisfy enum value set: [${s.enum.join(', ')}]` : '',
      }
      break
    case 'blob': case 'integer': case 'long': node = { kind: s.type, ...bounds }; break
    case 'boolean': case 'timestamp': node = { kind: s.type }; break
    case 'list': node = { kind: 'list', ...bounds, member: compile(s.member) }; break
    case 'map':
      node = { kind: 'map', ...bounds, key: compile(s.key), value: compile(s.value) }
      if (node.key.kind !== 'string') throw new Error(`map ${name} has non-string keys`)
      break
    case 'structure': {
      const members: MemberNode[] = []
      node = { kind: 'structure', members }
      nodes.set(name, node) // before the members, so a recursive shape resolves to this node
      const required = new Set(s.required)
      for (const [m, ref] of Object.entries(s.members)) {
        members.push({ name: m, seg: m[0]!.toLowerCase() + m.slice(1), node: compile(ref.shape), required: required.has(m) })
      }
    }
  }
  nodes.set(name, node)
  return node
}

const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r'

/**
 * Model patterns are Java regexes matched with `matches()`, i.e. against the whole value; wrapping in
 * `^(?:...)$` gives that in JS whether or not the model anchors them. Java's `\s` is ASCII-only, so it
 * is spelled out. Java-only syntax fails here, at load, rather than misbehaving on a request.
 */
function javaRegex(java: string): RegExp {
  let out = ''
  let inClass = false
  for (let i = 0; i < java.length; i++) {
    const c = java[i]!
    if (c === '\\') {
      const e = java[i + 1] ?? ''
      i++
      if ('pPAZzhHRGQEXk'.includes(e) || (inClass && e === 'S')) throw new Error(`unsupported Java regex escape \\${e} in ${java}`)
      out += e === 's' ? (inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`) : e === 'S' ? `[^${JAVA_SPACE}]` : c + e
      continue
    }
    if (inClass && (c === '[' || (c === '&' && java[i + 1] === '&'))) throw new Error(`unsupported Java class syntax in ${java}`)
    if (c === '[') inClass = true
    else if (c === ']') inClass = false
    out += c
  }
  return new RegExp(`^(?:${out})$`)
}

const INPUTS = new Map<OperationName, StructureNode | null>()
for (const [op, { input }] of Object.entries(OPERATIONS) as [OperationName, { input?: string }][]) {
  const node = input === undefined ? null : compile(input)
  if (node !== null && node.kind !== 'structure') throw new Error(`input of ${op} is not a structure`)
  INPUTS.set(op, node)
}

// ---- the walk (per request) ----
/**
 * Parses and validates the input of `op`. `body` is the JSON-parsed request body; `null`/`undefined`
 * count as `{}`. Members outside the model are dropped; blobs become Buffers, timestamps Dates.
 * @throws SerializationException when a value has the wrong JSON type or a blob is not base64
 * @throws ValidationException listing every constraint violation
 */
export function parseInput<Op extends OperationName>(op: Op, body: unknown): OperationTypes[Op]['input'] {
  const root = INPUTS.get(op)
  if (root === undefined) throw new Error(`unknown operation ${op}`)
  const errors: string[] = []
  const value = readStructure(root ?? NO_INPUT, body ?? EMPTY, '', errors)
  if (errors.length > 0) {
    throw new ValidationException(`${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`)
  }
  // The walk above produced exactly this shape; the compiler cannot follow a table-driven walk.
  return value as OperationTypes[Op]['input']
}

function read(node: Node, v: unknown, parent: string, seg: Seg, errors: string[]): unknown {
  switch (node.kind) {
    case 'string': {
      if (typeof v !== 'string') throw mismatch('a string', v, join(parent, seg))
      if (node.pattern !== undefined && !node.pattern.re.test(v)) errors.push(violation(node, v, join(parent, seg), node.pattern.rule))
      // Code points never exceed UTF-16 units nor fall below half of them: count only when that matters.
      const n = v.length <= node.max && v.length >= 2 * node.min ? v.length : codePoints(v)
      bounds(node, n, 'length', v, parent, seg, errors)
      if (node.oneOf !== undefined && !node.oneOf.has(v)) errors.push(violation(node, v, join(parent, seg), node.enumRule))
      return v
    }
    case 'blob': {
      if (typeof v !== 'string') throw mismatch('a base64-encoded string', v, join(parent, seg))
      const bytes = strictBase64(v)
      if (!bytes) throw new SerializationException(`Expected a base64-encoded string ${where(join(parent, seg))} but found invalid base64.`)
      bounds(node, bytes.length, 'length', bytes, parent, seg, errors)
      return bytes
    }
    case 'integer':
    case 'long': {
      if (typeof v !== 'number') throw mismatch('an integer', v, join(parent, seg))
      const ok = node.kind === 'integer' ? Number.isInteger(v) && v >= -INT32 && v < INT32 : Number.isSafeInteger(v)
      if (!ok) throw new SerializationException(`Expected ${node.kind === 'integer' ? 'a 32-bit' : 'a 64-bit'} integer ${where(join(parent, seg))} but found ${v}.`)
      bounds(node, v, 'value', v, parent, seg, errors)
      return v
    }
    case 'boolean':
      if (typeof v !== 'boolean') throw mismatch('a boolean', v, join(parent, seg))
      return v
    case 'timestamp':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw mismatch('a timestamp in epoch seconds', v, join(parent, seg))
      return new Date(v * 1000)
    case 'structure':
      return readStructure(node, v, join(parent, seg), errors)
    case 'list':
      return readList(node, v, join(parent, seg), errors)
    case 'map':
      return readMap(node, v, join(parent, seg), errors)
  }
}

function readStructure(node: StructureNode, v: unknown, path: string, errors: string[]): Record<string, unknown> {
  if (!isObject(v)) throw mismatch('an object', v, path)
  const out: Record<string, unknown> = {}
  const members = node.members
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!
    const x = v[m.name]
    if (x === undefined || x === null) {
      // JSON null is an absent member in AWS JSON 1.1.
      if (m.required) errors.push(`Value null at '${join(path, m.seg)}' failed to satisfy constraint: Member must not be null`)
      continue
    }
    out[m.name] = read(m.node, x, path, m.seg, errors)
  }
  return out
}

function readList(node: ListNode, v: unknown, path: string, errors: string[]): unknown[] {
  if (!Array.isArray(v)) throw mismatch('an array', v, path)
  const first = errors.length
  const out: unknown[] = []
  for (let i = 0; i < v.length; i++) out.push(read(node.member, v[i], path, i + 1, errors))
  // The list's own violation goes before its elements' (depth-first), but is rendered from parsed elements.
  const n = v.length
  if (n > node.max || n < node.min) errors.splice(first, 0, violation(node, out, path, lengthRule(node, n)))
  return out
}

function readMap(node: MapNode, v: unknown, path: string, errors: string[]): Record<string, unknown> {
  if (!isObject(v)) throw mismatch('an object', v, path)
  const first = errors.length
  const out: Record<string, unknown> = {}
  const keys = Object.keys(v)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    read(node.key, k, path, k, errors)
    const value = read(node.value, v[k], path, k, errors)
    // A '__proto__' key must stay data, not become the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true })
    else out[k] = value
  }
  const n = keys.length
  if (n > node.max || n < node.min) errors.splice(first, 0, violation(node, out, path, lengthRule(node, n)))
  return out
}

function bounds(node: Node & Bounds, n: number, what: 'length' | 'value', v: unknown, parent: string, seg: Seg, errors: string[]): void {
  if (n > node.max) errors.push(violation(node, v, join(parent, seg), `have ${what} less than or equal to ${node.max}`))
  else if (n < node.min) errors.push(violation(node, v, join(parent, seg), `have ${what} greater than or equal to ${node.min}`))
}

function lengthRule(node: Bounds, n: number): string {
  return n > node.max ? `have length less than or equal to ${node.max}` : `have length greater than or equal to ${node.min}`
}

function codePoints(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) (n--, i++)
    }
  }
  return n
}

// ---- messages (built only on failure) ----
function join(parent: string, seg: Seg): string {
  if (typeof seg === 'number') return `${parent}.${seg}.member`
  return parent === '' ? seg : `${parent}.${seg}`
}

function where(path: string): string {
  return path === '' ? 'as the request body' : `at '${path}'`
}

function mismatch(expected: string, v: unknown, path: string): SerializationException {
  return new SerializationException(`Expected ${expected} ${where(path)} but found ${describe(v)}.`)
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  return `a ${typeof v}`
}

function violation(node: Node, v: unknown, path: string, rule: string): string {
  const value = node.kind === 'blob' || (node.kind === 'string' && node.redact) ? 'Value' : `Value '${show(node, v)}'`
  return `${value} at '${path}' failed to satisfy constraint: Member must ${rule}`
}

/** Java `toString()` style, as AWS echoes values: `[a, b]`, `{k=v}`; secrets and bytes redacted. */
function show(node: Node, v: unknown): string {
  switch (node.kind) {
    case 'string': return node.redact ? REDACTED : String(v)
    case 'blob': return REDACTED
    case 'timestamp': return v instanceof Date ? v.toISOString() : String(v)
    case 'list': return Array.isArray(v) ? `[${v.map((x) => show(node.member, x)).join(', ')}]` : String(v)
    case 'map':
      return isObject(v) ? `{${Object.keys(v).map((k) => `${k}=${show(node.value, v[k])}`).join(', ')}}` : String(v)
    case 'structure':
      if (!isObject(v)) return String(v)
      return `{${node.members.filter((m) => v[m.name] !== undefined).map((m) => `${m.name}=${show(m.node, v[m.name])}`).join(', ')}}`
    default: return String(v)
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
