/**
 * The response side of the wire boundary: turns an operation's typed output into a JSON-ready value
 * for AWS JSON 1.1 (blobs as standard base64, timestamps as epoch seconds, absent members omitted).
 * Only members declared in the model are written, so a handler cannot leak an internal field by
 * returning a wider object. Output shapes are compiled once at load; subtrees holding no blob or
 * timestamp (lists of strings, string maps) are passed through without copying.
 */
import { OPERATIONS, SHAPES, type OperationName, type OperationTypes } from './generated/kms-model.js'

type Node =
  | { readonly kind: 'plain' }
  | { readonly kind: 'blob' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'list'; readonly member: Node }
  | { readonly kind: 'map'; readonly value: Node }
  | StructureNode
interface StructureNode {
  readonly kind: 'structure'
  readonly members: { readonly name: string; readonly node: Node }[]
}

const PLAIN: Node = { kind: 'plain' }
const nodes = new Map<string, Node>()

function compile(name: string): Node {
  const known = nodes.get(name)
  if (known !== undefined) return known
  const s = SHAPES[name]
  if (s === undefined) throw new Error(`kms-model has no shape ${name}`)
  let node: Node
  switch (s.type) {
    case 'blob': case 'timestamp': node = { kind: s.type }; break
    case 'list': {
      const member = compile(s.member)
      node = member === PLAIN ? PLAIN : { kind: 'list', member }
      break
    }
    case 'map': {
      const value = compile(s.value)
      node = value === PLAIN ? PLAIN : { kind: 'map', value }
      break
    }
    case 'structure': {
      const members: { name: string; node: Node }[] = []
      node = { kind: 'structure', members }
      nodes.set(name, node) // before the members, so a recursive shape resolves to this node
      for (const [m, ref] of Object.entries(s.members)) members.push({ name: m, node: compile(ref.shape) })
      break
    }
    default: node = PLAIN
  }
  nodes.set(name, node)
  return node
}

const NO_OUTPUT: StructureNode = { kind: 'structure', members: [] }
const OUTPUTS = new Map<OperationName, StructureNode>()
for (const [op, { output }] of Object.entries(OPERATIONS) as [OperationName, { output?: string }][]) {
  const node = output === undefined ? NO_OUTPUT : compile(output)
  if (node.kind !== 'structure') throw new Error(`output of ${op} is not a structure`)
  OUTPUTS.set(op, node)
}

/**
 * The JSON body for `op`'s response. Buffer -> base64, Date -> epoch seconds (fractional when the
 * Date has milliseconds), `undefined`/`null` members omitted, members outside the model dropped.
 * @throws TypeError when a blob is not bytes or a timestamp is not a valid Date (a handler bug)
 */
export function serializeOutput<Op extends OperationName>(op: Op, value: OperationTypes[Op]['output']): unknown {
  const root = OUTPUTS.get(op)
  if (root === undefined) throw new Error(`unknown operation ${op}`)
  return write(root, value, op)
}

function write(node: Node, v: unknown, path: string): unknown {
  switch (node.kind) {
    case 'plain':
      return v
    case 'blob':
      if (!(v instanceof Uint8Array)) throw new TypeError(`${path}: expected a Buffer`)
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
    case 'timestamp':
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new TypeError(`${path}: expected a valid Date`)
      return v.getTime() / 1000
    case 'list': {
      if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array`)
      const out: unknown[] = []
      for (let i = 0; i < v.length; i++) out.push(write(node.member, v[i], path))
      return out
    }
    case 'map': {
      if (!isObject(v)) throw new TypeError(`${path}: expected an object`)
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(v)) {
        const value = write(node.value, v[k], path)
        if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true })
        else out[k] = value
      }
      return out
    }
    case 'structure': {
      if (!isObject(v)) throw new TypeError(`${path}: expected an object`)
      const out: Record<string, unknown> = {}
      const members = node.members
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!
        const x = v[m.name]
        if (x !== undefined && x !== null) out[m.name] = m.node === PLAIN ? x : write(m.node, x, m.name)
      }
      return out
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
