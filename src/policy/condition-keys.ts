/**
 * Which `kms:` condition keys each operation carries, and their values (AWS KMS Developer Guide,
 * "AWS KMS condition keys"; shared reference section 2.4). One table row per operation, one small
 * provider per key; a request parameter the caller left out counts at its default value. Providers
 * put keys straight into the context being built: this runs on every request.
 */
import type { PutKey } from './context.js'
import type { RequestFacts } from './request-facts.js'

type Provider = (f: RequestFacts, put: PutKey) => void

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const record = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : {}
const reEncryptTo = (f: RequestFacts) => f.action?.toLowerCase() === 'kms:reencryptto'

/** Encryption-context keys from a request member (or a computed context). */
function putContext(ec: Record<string, string>, put: PutKey): void {
  const names = Object.keys(ec)
  if (names.length > 0) put('kms:EncryptionContextKeys', names)
  for (const k of names) put(`kms:EncryptionContext:${k}`, ec[k])
}

const ec = (member: string): Provider => (f, put) => putContext(record(f.input[member]), put)
const param = (key: string, member: string, fallback?: string): Provider =>
  (f, put) => put(key, str(f.input[member]) ?? fallback)
const flag = (key: string, member: string): Provider => (f, put) => put(key, String(f.input[member] === true))
const number = (key: string, member: string, fallback: number): Provider =>
  (f, put) => put(key, String(typeof f.input[member] === 'number' ? f.input[member] : fallback))
const requestAlias: Provider = (f, put) => put('kms:RequestAlias', f.requestAlias)
const symmetricDefault: Provider = (_f, put) => put('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT')

const reEncrypt: Provider = (f, put) => {
  const to = reEncryptTo(f)
  putContext(record(f.input[to ? 'DestinationEncryptionContext' : 'SourceEncryptionContext']), put)
  put('kms:EncryptionAlgorithm', str(f.input[to ? 'DestinationEncryptionAlgorithm' : 'SourceEncryptionAlgorithm']) ?? 'SYMMETRIC_DEFAULT')
  put('kms:ReEncryptOnSameKey', String(f.reEncryptOnSameKey === true))
}

const createGrant: Provider = (f, put) => {
  const c = record(f.input['Constraints']) as { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> }
  const types = (['EncryptionContextEquals', 'EncryptionContextSubset'] as const).filter((t) => c[t] !== undefined)
  const ops = f.input['Operations']
  putContext({ ...c.EncryptionContextSubset, ...c.EncryptionContextEquals }, put)
  put('kms:GrantConstraintType', types.length > 0 ? types : undefined)
  put('kms:GrantOperations', Array.isArray(ops) ? ops.filter((o): o is string => typeof o === 'string') : undefined)
  put('kms:GranteePrincipal', str(f.input['GranteePrincipal']))
  put('kms:RetiringPrincipal', str(f.input['RetiringPrincipal']))
}

const grantForAws: Provider = (f, put) => put('kms:GrantIsForAWSResource', String(f.viaService !== undefined))

/** Key-property keys, from the request (CreateKey) or the key. */
function putKeyProperties(put: PutKey, spec: string, usage: string, origin: string, multi: boolean, type: string | undefined): void {
  put('kms:KeySpec', spec)
  put('kms:CustomerMasterKeySpec', spec) // deprecated alias AWS still evaluates
  put('kms:KeyUsage', usage)
  put('kms:CustomerMasterKeyUsage', usage)
  put('kms:KeyOrigin', origin)
  put('kms:MultiRegion', String(multi))
  put('kms:MultiRegionKeyType', multi ? (type ?? 'PRIMARY') : undefined)
}

const createKey: Provider = (f, put) => putKeyProperties(put,
  str(f.input['KeySpec']) ?? str(f.input['CustomerMasterKeySpec']) ?? 'SYMMETRIC_DEFAULT',
  str(f.input['KeyUsage']) ?? 'ENCRYPT_DECRYPT', str(f.input['Origin']) ?? 'AWS_KMS', f.input['MultiRegion'] === true, undefined)

const importKeyMaterial: Provider = (f, put) => {
  const validTo = f.input['ValidTo']
  put('kms:ExpirationModel', str(f.input['ExpirationModel']) ?? 'KEY_MATERIAL_EXPIRES')
  put('kms:ValidTo', validTo instanceof Date ? String(Math.floor(validTo.getTime() / 1000)) : undefined)
}

const crypto = (...more: Provider[]): Provider[] => [requestAlias, ...more]
const bypass = flag('kms:BypassPolicyLockoutSafetyCheck', 'BypassPolicyLockoutSafetyCheck')
const encryptionAlgorithm = param('kms:EncryptionAlgorithm', 'EncryptionAlgorithm', 'SYMMETRIC_DEFAULT')
const signing = [param('kms:SigningAlgorithm', 'SigningAlgorithm'), param('kms:MessageType', 'MessageType', 'RAW')]
const mac = param('kms:MacAlgorithm', 'MacAlgorithm')
const pairSpec = param('kms:DataKeyPairSpec', 'KeyPairSpec')

/** Operation-specific keys; every operation not listed carries only the key-resource and global keys. */
export const OPERATION_KEYS: Readonly<Record<string, readonly Provider[]>> = {
  CreateKey: [createKey, bypass],
  PutKeyPolicy: [bypass],
  Encrypt: crypto(ec('EncryptionContext'), encryptionAlgorithm),
  Decrypt: crypto(ec('EncryptionContext'), encryptionAlgorithm),
  GenerateDataKey: crypto(ec('EncryptionContext'), symmetricDefault),
  GenerateDataKeyWithoutPlaintext: crypto(ec('EncryptionContext'), symmetricDefault),
  GenerateDataKeyPair: crypto(ec('EncryptionContext'), symmetricDefault, pairSpec),
  GenerateDataKeyPairWithoutPlaintext: crypto(ec('EncryptionContext'), symmetricDefault, pairSpec),
  ReEncrypt: crypto(reEncrypt),
  Sign: crypto(...signing),
  Verify: crypto(...signing),
  GenerateMac: crypto(mac),
  VerifyMac: crypto(mac),
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
export const keyResourceKeys: Provider = (f, put) => {
  const k = f.key
  if (!k) return
  put('kms:CallerAccount', f.principal.accountId)
  put('kms:ViaService', f.viaService)
  putKeyProperties(put, k.keySpec, k.keyUsage, k.origin, k.multiRegion === true, k.multiRegionKeyType)
  put('kms:ResourceAliases', k.aliases.length > 0 ? k.aliases : undefined)
  for (const tag of Object.keys(k.tags)) put(`aws:ResourceTag/${tag}`, k.tags[tag])
}
