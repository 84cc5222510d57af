/**
 * What CreateGrant accepts (AWS KMS API Reference, CreateGrant; Developer Guide, "Grant operations"):
 * which grant operations each kind of key supports, the principal ARN forms a grant may name, and where
 * encryption-context constraints are allowed. Messages marked "best guess" are not documented by AWS;
 * docs/decisions.md lists them.
 */
import type { GrantConstraints, GrantOperation } from '../../api/generated/kms-model.js'
import { InvalidArnException, ValidationException } from '../errors.js'
import { keySpecEntry, type KeySpecEntry } from '../key-specs.js'
import type { GrantRecord, KeyRecord } from '../records.js'

const ALWAYS: readonly GrantOperation[] = ['CreateGrant', 'DescribeKey', 'RetireGrant']

/** Grant operations by kind of key, as the Developer Guide's grant operations table lists them. */
const BY_KIND = {
  symmetric: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo'],
  asymmetricEncryption: ['Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey'],
  signing: ['Sign', 'Verify', 'GetPublicKey'],
  hmac: ['GenerateMac', 'VerifyMac'],
  agreement: ['DeriveSharedSecret', 'GetPublicKey'],
} as const satisfies Record<string, readonly GrantOperation[]>

type KeyKind = keyof typeof BY_KIND

/** The kind of a key, from its usage and its spec's capabilities (no switch on spec names). */
export function keyKind(entry: KeySpecEntry, usage: KeyRecord['keyUsage']): KeyKind {
  if (usage === 'SIGN_VERIFY') return 'signing'
  if (usage === 'GENERATE_VERIFY_MAC') return 'hmac'
  if (usage === 'KEY_AGREEMENT') return 'agreement'
  return entry.encryption?.asymmetric ? 'asymmetricEncryption' : 'symmetric'
}

export function grantOperationsFor(key: Pick<KeyRecord, 'keySpec' | 'keyUsage'>): readonly GrantOperation[] {
  return [...BY_KIND[keyKind(keySpecEntry(key.keySpec), key.keyUsage)], ...ALWAYS]
}

/** Operations, de-duplicated in request order; ValidationException for an empty list or ones the key cannot do. */
export function checkOperations(key: KeyRecord, requested: readonly GrantOperation[]): GrantOperation[] {
  const ops = [...new Set(requested)]
  if (ops.length === 0) {
    // best guess: the model has no minimum; worded like the other 1-validation-error messages.
    throw new ValidationException("1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1")
  }
  // AWS's own wording (seen in botocore ClientError reports).
  if (ops.length === 1 && ops[0] === 'CreateGrant') throw new ValidationException('Grants must not contain only the CreateGrant operation.')
  const allowed = grantOperationsFor(key)
  const invalid = ops.filter((op) => !allowed.includes(op))
  if (invalid.length > 0) {
    // best guess
    throw new ValidationException(`Grant operations [${invalid.join(', ')}] are not valid for a KMS key with KeyUsage ${key.keyUsage} and KeySpec ${key.keySpec}.`)
  }
  return ops
}

const PRINCIPAL = /^arn:aws[a-z-]*:(?:iam::\d{12}:(?:root|user\/[\w+=,.@/-]{1,512}|role\/[\w+=,.@/-]{1,512})|sts::\d{12}:(?:assumed-role\/[\w+=,.@-]{1,64}\/[\w+=,.@-]{2,64}|federated-user\/[\w+=,.@-]{2,32}))$/

/**
 * Grantee and retiring principals are ARNs of an account root, IAM user or role, assumed-role session
 * or federated user; not service principals, groups or organizations.
 */
export function checkPrincipal(value: string): string {
  if (!PRINCIPAL.test(value)) throw new InvalidArnException(`ARN does not refer to a valid principal: ${value}`) // best guess
  return value
}

/**
 * Constraints apply to operations that take an encryption context, i.e. cryptographic operations with
 * symmetric encryption keys; AWS: "You cannot use an encryption context grant constraint for
 * cryptographic operations with asymmetric KMS keys or HMAC keys." Empty maps count as absent.
 */
export function checkConstraints(key: KeyRecord, constraints: GrantConstraints | undefined): GrantRecord['constraints'] {
  const equals = nonEmpty(constraints?.EncryptionContextEquals)
  const subset = nonEmpty(constraints?.EncryptionContextSubset)
  if (!equals && !subset) return undefined
  if (keyKind(keySpecEntry(key.keySpec), key.keyUsage) !== 'symmetric') {
    throw new ValidationException('Grant constraints are not supported for grants on asymmetric KMS keys or HMAC KMS keys.') // best guess
  }
  return { ...(equals ? { encryptionContextEquals: equals } : {}), ...(subset ? { encryptionContextSubset: subset } : {}) }
}

function nonEmpty(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map && Object.keys(map).length > 0 ? { ...map } : undefined
}

/** A grant id as AWS shows them: 64 hex characters. */
export const GRANT_ID = /^[0-9a-f]{64}$/
