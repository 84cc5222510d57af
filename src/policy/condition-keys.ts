/**
 * Which `kms:` condition keys each operation carries, and their values (AWS KMS Developer Guide,
 * "AWS KMS condition keys"; shared reference section 2.4). One table row per operation, one small
 * provider per key; a request parameter the caller left out counts at its default value.
 */
import type { RequestFacts } from './request-facts.js'

export type ConditionEntries = Record<string, string | readonly string[] | undefined>
type Provider = (f: RequestFacts) => ConditionEntries

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const record = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : {}
const reEncryptTo = (f: RequestFacts) => f.action?.toLowerCase() === 'kms:reencryptto'

/** Encryption-context keys from a request member (or a computed context). */
function contextKeys(ec: Record<string, string>): ConditionEntries {
  const names = Object.keys(ec)
  const out: ConditionEntries = { 'kms:EncryptionContextKeys': names.length > 0 ? names : undefined }
  for (const [k, v] of Object.entries(ec)) out[`kms:EncryptionContext:${k}`] = v
  return out
}

const ec = (member: string): Provider => (f) => contextKeys(record(f.input[member]))
const param = (key: string, member: string, fallback?: string): Provider =>
  (f) => ({ [key]: str(f.input[member]) ?? fallback })
const flag = (key: string, member: string): Provider => (f) => ({ [key]: String(f.input[member] === true) })
const number = (key: string, member: string, fallback: number): Provider =>
  (f) => ({ [key]: String(typeof f.input[member] === 'number' ? f.input[member] : fallback) })
const requestAlias: Provider = (f) => ({ 'kms:RequestAlias': f.requestAlias })
const symmetricDefault: Provider = () => ({ 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' })

const reEncrypt: Provider = (f) => {
  const to = reEncryptTo(f)
  return {
    ...contextKeys(record(f.input[to ? 'DestinationEncryptionContext' : 'SourceEncryptionContext'])),
    'kms:EncryptionAlgorithm': str(f.input[to ? 'DestinationEncryptionAlgorithm' : 'SourceEncryptionAlgorithm']) ?? 'SYMMETRIC_DEFAULT',
    'kms:ReEncryptOnSameKey': String(f.reEncryptOnSameKey === true),
  }
}

const createGrant: Provider = (f) => {
  const c = record(f.input['Constraints']) as { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> }
  const types = (['EncryptionContextEquals', 'EncryptionContextSubset'] as const).filter((t) => c[t] !== undefined)
  const ops = f.input['Operations']
  return {
    ...contextKeys({ ...c.EncryptionContextSubset, ...c.EncryptionContextEquals }),
    'kms:GrantConstraintType': types.length > 0 ? types : undefined,
    'kms:GrantOperations': Array.isArray(ops) ? ops.filter((o): o is string => typeof o === 'string') : undefined,
    'kms:GranteePrincipal': str(f.input['GranteePrincipal']),
    'kms:RetiringPrincipal': str(f.input['RetiringPrincipal']),
  }
}

const grantForAws: Provider = (f) => ({ 'kms:GrantIsForAWSResource': String(f.viaService !== undefined) })

const createKey: Provider = (f) => {
  const spec = str(f.input['KeySpec']) ?? str(f.input['CustomerMasterKeySpec']) ?? 'SYMMETRIC_DEFAULT'
  const usage = str(f.input['KeyUsage']) ?? 'ENCRYPT_DECRYPT'
  const multi = f.input['MultiRegion'] === true
  return {
    'kms:KeySpec': spec, 'kms:CustomerMasterKeySpec': spec,
    'kms:KeyUsage': usage, 'kms:CustomerMasterKeyUsage': usage,
    'kms:KeyOrigin': str(f.input['Origin']) ?? 'AWS_KMS',
    'kms:MultiRegion': String(multi),
    'kms:MultiRegionKeyType': multi ? 'PRIMARY' : undefined,
  }
}

const importKeyMaterial: Provider = (f) => {
  const model = str(f.input['ExpirationModel']) ?? 'KEY_MATERIAL_EXPIRES'
  const validTo = f.input['ValidTo']
  return {
    'kms:ExpirationModel': model,
    'kms:ValidTo': validTo instanceof Date ? String(Math.floor(validTo.getTime() / 1000)) : undefined,
  }
}

const crypto = (...more: Provider[]): Provider[] => [requestAlias, ...more]
const bypass = flag('kms:BypassPolicyLockoutSafetyCheck', 'BypassPolicyLockoutSafetyCheck')

/** Operation-specific keys; every operation not listed carries only the key-resource and global keys. */
export const OPERATION_KEYS: Readonly<Record<string, readonly Provider[]>> = {
  CreateKey: [createKey, bypass],
  PutKeyPolicy: [bypass],
  Encrypt: crypto(ec('EncryptionContext'), param('kms:EncryptionAlgorithm', 'EncryptionAlgorithm', 'SYMMETRIC_DEFAULT')),
  Decrypt: crypto(ec('EncryptionContext'), param('kms:EncryptionAlgorithm', 'EncryptionAlgorithm', 'SYMMETRIC_DEFAULT')),
  GenerateDataKey: crypto(ec('EncryptionContext'), symmetricDefault),
  GenerateDataKeyWithoutPlaintext: crypto(ec('EncryptionContext'), symmetricDefault),
  GenerateDataKeyPair: crypto(ec('EncryptionContext'), symmetricDefault, param('kms:DataKeyPairSpec', 'KeyPairSpec')),
  GenerateDataKeyPairWithoutPlaintext: crypto(ec('EncryptionContext'), symmetricDefault, param('kms:DataKeyPairSpec', 'KeyPairSpec')),
  ReEncrypt: crypto(reEncrypt),
  Sign: crypto(param('kms:SigningAlgorithm', 'SigningAlgorithm'), param('kms:MessageType', 'MessageType', 'RAW')),
  Verify: crypto(param('kms:SigningAlgorithm', 'SigningAlgorithm'), param('kms:MessageType', 'MessageType', 'RAW')),
  GenerateMac: crypto(param('kms:MacAlgorithm', 'MacAlgorithm')),
  VerifyMac: crypto(param('kms:MacAlgorithm', 'MacAlgorithm')),
  DeriveSharedSecret: crypto(param('kms:KeyAgreementAlgorithm', 'KeyAgreementAlgorithm', 'ECDH')),
  DescribeKey: [requestAlias],
  GetPublicKey: [requestAlias],
  CreateGrant: [createGrant, grantForAws],
  ListGrants: [grantForAws],
  RevokeGrant: [grantForAws],
  EnableKeyRotation: [number('kms:RotationPeriodInDays', 'RotationPeriodInDays', 365)],
  ScheduleKeyDeletion: [number('kms:ScheduleKeyDeletionPendingWindowInDays', 'PendingWindowInDays', 30)],
  ImportKeyMaterial: [importKeyMaterial],
  GetParametersForImport: [param('kms:WrappingAlgorithm', 'WrappingAlgorithm'), param('kms:WrappingKeySpec', 'WrappingKeySpec')],
  UpdatePrimaryRegion: [param('kms:PrimaryRegion', 'PrimaryRegion')],
  ReplicateKey: [param('kms:ReplicaRegion', 'ReplicaRegion')],
}

/** Keys describing the KMS key itself; only operations on a specific key carry them. */
export const keyResourceKeys: Provider = (f) => {
  const k = f.key
  if (!k) return {}
  const out: ConditionEntries = {
    'kms:CallerAccount': f.principal.accountId,
    'kms:ViaService': f.viaService,
    'kms:KeySpec': k.keySpec, 'kms:CustomerMasterKeySpec': k.keySpec,
    'kms:KeyUsage': k.keyUsage, 'kms:CustomerMasterKeyUsage': k.keyUsage,
    'kms:KeyOrigin': k.origin,
    'kms:MultiRegion': String(k.multiRegion === true),
    'kms:MultiRegionKeyType': k.multiRegion === true ? (k.multiRegionKeyType ?? 'PRIMARY') : undefined,
    'kms:ResourceAliases': k.aliases.length > 0 ? k.aliases : undefined,
  }
  for (const [tag, value] of Object.entries(k.tags)) out[`aws:ResourceTag/${tag}`] = value
  return out
}
