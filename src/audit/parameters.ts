/**
 * requestParameters and responseElements, as KMS writes them to CloudTrail: member names in
 * lowerCamelCase, driven by the AWS model so every operation (including ones added later) is covered
 * without per-operation code. Blobs (plaintext, ciphertext, signatures, MACs, imported material, public
 * keys) and sensitive strings are never recorded; map keys (the encryption context) are kept verbatim,
 * since CloudTrail records the encryption context. Grant tokens are bearer credentials (they carry a
 * grant's authority before it is eventually consistent), so they are never recorded either.
 */
import { OPERATIONS, SHAPES, type OperationName } from '../api/generated/kms-model.js'
import { keyMetadata } from '../kms/key-metadata.js'
import type { KeyRecord } from '../kms/records.js'

/** KMS's CloudTrail examples log the algorithm of these operations even when the caller left it out. */
const DEFAULT_ALGORITHM: Partial<Record<OperationName, Record<string, string>>> = {
  Encrypt: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  Decrypt: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  ReEncrypt: { sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
}

export function requestParameters(op: OperationName, input: unknown): Record<string, unknown> | null {
  const shape = OPERATIONS[op].input
  const defaults = DEFAULT_ALGORITHM[op]
  const params = shape === undefined || input === undefined || input === null
    ? { ...defaults }
    : projectStructure(shape, input as Record<string, unknown>, defaults)
  for (const _ in params) return params
  return null
}

/**
 * KMS's responseElements are null except where its examples show the outcome of a change; they are
 * derived from the key as committed, so they describe what was stored.
 */
export function responseElements(op: string, key: KeyRecord | undefined, outcome?: { grantId?: string }): Record<string, unknown> | null {
  // KMS's CreateGrant example records the new grant's id (never its token).
  if (op === 'CreateGrant' && outcome?.grantId) return { grantId: outcome.grantId }
  if (!key) return null
  switch (op) {
    case 'CreateKey':
      return { keyMetadata: project('KeyMetadata', keyMetadata(key)) }
    case 'ScheduleKeyDeletion':
      return { keyId: key.arn, keyState: key.keyState, deletionDate: cloudTrailDate(key.deletionDate ?? 0), pendingWindowInDays: key.pendingWindowInDays }
    case 'CancelKeyDeletion':
      return { keyId: key.arn }
    default:
      return null
  }
}

/** Shapes never recorded although the model does not mark them sensitive. */
const SECRET_SHAPES: ReadonlySet<string> = new Set(['GrantTokenType', 'GrantTokenList'])

/** `value` as CloudTrail shows a value of model shape `shapeName`, or undefined if it is not recorded. */
export function project(shapeName: string, value: unknown): unknown {
  const shape = SHAPES[shapeName]
  if (value === undefined || value === null || !shape || SECRET_SHAPES.has(shapeName)) return undefined
  switch (shape.type) {
    case 'blob':
      return undefined
    case 'string':
      return shape.sensitive ? undefined : value
    case 'timestamp':
      return value instanceof Date ? cloudTrailDate(value.getTime()) : value
    case 'list':
      return Array.isArray(value) ? value.map((v) => project(shape.member, v)).filter((v) => v !== undefined) : undefined
    case 'map': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = project(shape.value, v)
      return out
    }
    case 'structure':
      return projectStructure(shapeName, value as Record<string, unknown>)
    default:
      return value
  }
}

/**
 * A structure as CloudTrail shows it; `defaults` (by recorded name) stand in for members the caller left
 * out. Filled in recorded-name order, defaults included, so the result is in canonical key order.
 */
function projectStructure(shapeName: string, value: Record<string, unknown>, defaults?: Record<string, string>): Record<string, unknown> {
  const shape = SHAPES[shapeName]
  const out: Record<string, unknown> = {}
  if (shape?.type !== 'structure') return { ...defaults }
  for (const [name, recordedName, memberShape] of recordedMembers(shapeName, shape.members)) {
    const v = project(memberShape, value[name]) ?? defaults?.[recordedName]
    if (v !== undefined) out[recordedName] = v
  }
  return out
}

/** A structure's members as [model name, recorded (lowerCamelCase) name, shape], by structure. */
const MEMBERS = new Map<string, [string, string, string][]>()

/**
 * Sorted by recorded name, so projected objects come out in canonical key order and the record's
 * canonical text needs no sorted copy of them (canonical-writer.ts).
 */
function recordedMembers(shapeName: string, members: Record<string, { shape: string }>): [string, string, string][] {
  let list = MEMBERS.get(shapeName)
  if (!list) {
    list = Object.entries(members).map(([name, m]): [string, string, string] => [name, name.charAt(0).toLowerCase() + name.slice(1), m.shape])
    list.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    MEMBERS.set(shapeName, list)
  }
  return list
}

/** The date format of KMS's CloudTrail examples, e.g. "Jan 4, 2022, 9:33:14 PM" (UTC). */
export function cloudTrailDate(ms: number): string {
  return new Date(ms).toLocaleString('en-US', {
    timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit',
  }).replace(/\u202f/g, ' ') // newer ICU puts a narrow no-break space before AM/PM
}

/** Operations that change state start with one of these verbs; CloudTrail marks every other call readOnly. */
const MUTATING = /^(Create|Delete|Update|Enable|Disable|Schedule|Cancel|Put|Tag|Untag|Rotate|Import|Connect|Disconnect|Replicate|Retire|Revoke)/

export function isReadOnly(op: string): boolean {
  return !MUTATING.test(op)
}
