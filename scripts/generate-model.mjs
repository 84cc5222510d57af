#!/usr/bin/env node
/**
 * Writes src/api/generated/kms-model.ts from botocore's KMS model (service-2.json.gz), so the wire
 * boundary (shapes, constraints, TypeScript types) comes from the spec rather than from hand-copying.
 *
 *   node scripts/generate-model.mjs [path/to/service-2.json.gz]
 *
 * Without an argument the model is found through the installed botocore (python3). Only shapes
 * reachable from an operation's input or output are emitted; error shapes are not. Model features
 * the boundary does not implement (member locations, timestamp formats, sensitive structures, ...)
 * stop the generator instead of being silently dropped.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

const OUT = fileURLToPath(new URL('../src/api/generated/kms-model.ts', import.meta.url))
const MEMBER_KEYS = new Set(['shape', 'documentation', 'deprecated', 'deprecatedMessage'])
/** Constraint keys each shape type may carry; any other constraint key is an unsupported feature. */
const ALLOWED = {
  string: ['min', 'max', 'pattern', 'enum', 'sensitive'],
  blob: ['min', 'max', 'sensitive'],
  integer: ['min', 'max'],
  long: ['min', 'max'],
  boolean: [],
  timestamp: [],
  structure: ['members', 'required'],
  list: ['member', 'min', 'max'],
  map: ['key', 'value', 'min', 'max'],
}
const CONSTRAINTS = ['min', 'max', 'pattern', 'enum', 'sensitive', 'timestampFormat', 'union', 'document', 'event', 'eventstream', 'streaming', 'flattened', 'requiresLength']
const RESERVED = new Set(['Array', 'Boolean', 'Buffer', 'Date', 'Error', 'Map', 'Number', 'Object', 'Promise', 'Record', 'Set', 'String'])

function fail(message) {
  throw new Error(`generate-model: ${message}`)
}

function findModel() {
  const py = 'import botocore,os;print(os.path.dirname(botocore.__file__))'
  const dir = execFileSync('python3', ['-c', py], { encoding: 'utf8' }).trim()
  return join(dir, 'data', 'kms', '2014-11-01', 'service-2.json.gz')
}

/** botocore/data/kms/2014-11-01/service-2.json.gz -> botocore/__init__.py holds the version. */
function botocoreVersion(modelPath) {
  try {
    const init = readFileSync(join(dirname(modelPath), '..', '..', '..', '__init__.py'), 'utf8')
    return /__version__\s*=\s*['"]([^'"]+)['"]/.exec(init)?.[1] ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Single-quoted TypeScript string literal. */
function q(s) {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`
}

function key(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : q(name)
}

function reachable(model) {
  const seen = new Set()
  const visit = (name) => {
    if (seen.has(name)) return
    const shape = model.shapes[name] ?? fail(`unknown shape ${name}`)
    seen.add(name)
    if (shape.type === 'structure') for (const m of Object.values(shape.members)) visit(m.shape)
    else if (shape.type === 'list') visit(shape.member.shape)
    else if (shape.type === 'map') (visit(shape.key.shape), visit(shape.value.shape))
  }
  for (const op of Object.values(model.operations)) {
    if (op.input) visit(op.input.shape)
    if (op.output) visit(op.output.shape)
  }
  return [...seen].sort()
}

function check(name, shape) {
  const allowed = ALLOWED[shape.type] ?? fail(`${name}: unsupported type ${shape.type}`)
  for (const k of CONSTRAINTS) {
    if (k in shape && !allowed.includes(k)) fail(`${name}: '${k}' on a ${shape.type} is not supported`)
  }
  if ('sensitive' in shape && shape.sensitive !== true) fail(`${name}: sensitive must be true`)
  const refs = shape.type === 'structure' ? Object.entries(shape.members)
    : shape.type === 'list' ? [['member', shape.member]]
    : shape.type === 'map' ? [['key', shape.key], ['value', shape.value]] : []
  for (const [member, ref] of refs) {
    for (const k of Object.keys(ref)) if (!MEMBER_KEYS.has(k)) fail(`${name}.${member}: member trait '${k}' is not supported`)
  }
}

/** One SHAPES entry; structures get one member per line, everything else fits on one line. */
function shapeEntry(name, s) {
  const parts = [`type: ${q(s.type)}`]
  if (s.type === 'structure') {
    const members = Object.entries(s.members).map(([m, ref]) => `      ${key(m)}: { shape: ${q(ref.shape)} },`)
    const body = members.length ? `{\n${members.join('\n')}\n    }` : '{}'
    const required = s.required?.length ? `\n    required: [${s.required.map(q).join(', ')}],` : ''
    return `  ${key(name)}: {\n    type: 'structure',\n    members: ${body},${required}\n  },`
  }
  if (s.type === 'list') parts.push(`member: ${q(s.member.shape)}`)
  if (s.type === 'map') parts.push(`key: ${q(s.key.shape)}`, `value: ${q(s.value.shape)}`)
  if (s.min !== undefined) parts.push(`min: ${s.min}`)
  if (s.max !== undefined) parts.push(`max: ${s.max}`)
  if (s.pattern !== undefined) parts.push(`pattern: ${q(s.pattern)}`)
  if (s.enum) parts.push(`enum: [${s.enum.map(q).join(', ')}]`)
  if (s.sensitive) parts.push('sensitive: true')
  return `  ${key(name)}: { ${parts.join(', ')} },`
}

function tsType(model, name) {
  const s = model.shapes[name]
  switch (s.type) {
    case 'string': return s.enum ? name : 'string'
    case 'blob': return 'Buffer'
    case 'integer': case 'long': return 'number'
    case 'boolean': return 'boolean'
    case 'timestamp': return 'Date'
    case 'structure': return name
    case 'list': return `${tsType(model, s.member.shape)}[]`
    case 'map': return `Record<${tsType(model, s.key.shape)}, ${tsType(model, s.value.shape)}>`
  }
}

function iface(model, name, s) {
  const required = new Set(s.required ?? [])
  const lines = Object.entries(s.members).map(([m, ref]) => {
    const doc = ref.deprecated ? `  /** @deprecated ${ref.deprecatedMessage ?? 'Deprecated in the AWS model.'} */\n` : ''
    return `${doc}  ${key(m)}${required.has(m) ? '' : '?'}: ${tsType(model, ref.shape)}`
  })
  return lines.length ? `export interface ${name} {\n${lines.join('\n')}\n}` : `export type ${name} = Record<string, never>`
}

function render(model, version) {
  const names = reachable(model)
  for (const n of names) {
    check(n, model.shapes[n])
    const t = model.shapes[n].type
    if ((t === 'structure' || model.shapes[n].enum) && RESERVED.has(n)) fail(`shape ${n} would shadow a global type`)
  }
  const ops = Object.keys(model.operations).sort()
  const out = [
    `// generated by scripts/generate-model.mjs from botocore ${version}; do not edit`,
    `// Source: ${model.metadata.serviceFullName} ${model.metadata.apiVersion} (${model.metadata.protocol} ${model.metadata.jsonVersion}), ${ops.length} operations, ${names.length} shapes.`,
    '',
    "import type { OperationShapes, Shape } from '../shape-types.js'",
    '',
    `export type OperationName =\n${ops.map((o) => `  | ${q(o)}`).join('\n')}`,
    '',
    'export const OPERATIONS: Readonly<Record<OperationName, OperationShapes>> = {',
    ...ops.map((o) => {
      const { input, output } = model.operations[o]
      const fields = [input && `input: ${q(input.shape)}`, output && `output: ${q(output.shape)}`].filter(Boolean)
      return `  ${o}: { ${fields.join(', ')} },`
    }),
    '}',
    '',
    '/** Every shape reachable from an operation input or output, by AWS shape name. */',
    'export const SHAPES: Readonly<Record<string, Shape>> = {',
    ...names.map((n) => shapeEntry(n, model.shapes[n])),
    '}',
    '',
    '// Enumerations',
    '',
    ...names.filter((n) => model.shapes[n].enum).map((n) => `export type ${n} =\n${model.shapes[n].enum.map((v) => `  | ${q(v)}`).join('\n')}\n`),
    '// Structures',
    '',
    ...names.filter((n) => model.shapes[n].type === 'structure').map((n) => `${iface(model, n, model.shapes[n])}\n`),
    '/** Input and output type of every operation; `Record<string, never>` where the model has none. */',
    'export interface OperationTypes {',
    ...ops.map((o) => {
      const { input, output } = model.operations[o]
      const t = (ref) => (ref ? ref.shape : 'Record<string, never>')
      return `  ${o}: { input: ${t(input)}; output: ${t(output)} }`
    }),
    '}',
    '',
  ]
  return out.join('\n')
}

const modelPath = process.argv[2] ?? findModel()
const model = JSON.parse(gunzipSync(readFileSync(modelPath)).toString('utf8'))
mkdirSync(dirname(OUT), { recursive: true })
writeFileSync(OUT, render(model, botocoreVersion(modelPath)))
console.log(`wrote ${OUT}`)
