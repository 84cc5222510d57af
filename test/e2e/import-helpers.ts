/**
 * Shared by the import-*.test.ts files: the procedure AWS documents for wrapping key material with the
 * openssl CLI ("Encrypt key material with OpenSSL"), and one call that does GetParametersForImport,
 * the wrapping and ImportKeyMaterial.
 */
import { randomBytes } from 'node:crypto'
import {
  CreateKeyCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, type AlgorithmSpec, type ImportKeyMaterialCommandInput,
  type KeyMetadata, type KeySpec, type KeyUsageType, type KMSClient, type WrappingKeySpec,
} from '@aws-sdk/client-kms'
import { openssl } from './asymmetric-helpers.js'

const OAEP_HASH: Record<string, 'sha1' | 'sha256'> = {
  RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256', RSA_AES_KEY_WRAP_SHA_1: 'sha1', RSA_AES_KEY_WRAP_SHA_256: 'sha256',
}

/** `openssl pkeyutl -encrypt` with OAEP (MGF1 over the same hash) under the DER wrapping public key. */
const oaep = (hash: string, input: string, output: string): string[] => [
  'pkeyutl', '-encrypt', '-in', input, '-out', output, '-inkey', 'wrapping.der', '-keyform', 'DER', '-pubin',
  '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`,
]

/**
 * Wraps `material` as AWS's guide does with openssl: RSAES_OAEP_* encrypts it directly; RSA_AES_KEY_WRAP_*
 * wraps it with a fresh AES-256 key (`openssl enc -id-aes256-wrap-pad -iv A65959A6`), encrypts that key
 * with OAEP, and concatenates the two (RSA part first).
 */
export function wrapWithOpenssl(publicKey: Uint8Array, algorithm: AlgorithmSpec, material: Buffer): Buffer {
  const hash = OAEP_HASH[algorithm]!
  const files = { 'wrapping.der': Buffer.from(publicKey), 'material.bin': material }
  if (algorithm.startsWith('RSAES_OAEP')) return openssl(files, [oaep(hash, 'material.bin', 'wrapped.bin')], ['wrapped.bin'])['wrapped.bin']!
  const aesKey = randomBytes(32)
  const out = openssl({ ...files, 'aes.bin': aesKey }, [
    ['enc', '-id-aes256-wrap-pad', '-K', aesKey.toString('hex'), '-iv', 'A65959A6', '-in', 'material.bin', '-out', 'material-wrapped.bin'],
    oaep(hash, 'aes.bin', 'aes-wrapped.bin'),
  ], ['aes-wrapped.bin', 'material-wrapped.bin'])
  return Buffer.concat([out['aes-wrapped.bin']!, out['material-wrapped.bin']!])
}

export async function createExternalKey(kms: KMSClient, spec: KeySpec = 'SYMMETRIC_DEFAULT', usage?: KeyUsageType): Promise<KeyMetadata> {
  return (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: spec, ...(usage ? { KeyUsage: usage } : {}) }))).KeyMetadata!
}

export interface ImportOptions {
  algorithm?: AlgorithmSpec
  wrappingKeySpec?: WrappingKeySpec
  request?: Partial<ImportKeyMaterialCommandInput>
}

/** GetParametersForImport, wrap with openssl, ImportKeyMaterial (never expiring unless `request` says otherwise). */
export async function importWithOpenssl(kms: KMSClient, keyId: string, material: Buffer, opts: ImportOptions = {}) {
  const algorithm = opts.algorithm ?? 'RSAES_OAEP_SHA_256'
  const params = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: opts.wrappingKeySpec ?? 'RSA_2048' }))
  return kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapWithOpenssl(params.PublicKey!, algorithm, material),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...opts.request,
  }))
}

/**
 * A private key made by `openssl genpkey` (`-algorithm RSA -pkeyopt rsa_keygen_bits:2048`, ...), turned
 * into PKCS#8 DER as AWS's guide does (`openssl pkcs8 -topk8 -outform DER -nocrypt`: genpkey's own DER
 * output is the traditional SEC1 / PKCS#1 form, which KMS refuses), and its public key as PEM.
 */
export function opensslKeyPair(genpkeyArgs: string[]): { pkcs8: Buffer; publicPem: Buffer } {
  const out = openssl({}, [
    ['genpkey', ...genpkeyArgs, '-out', 'key.pem'],
    ['pkcs8', '-topk8', '-inform', 'PEM', '-in', 'key.pem', '-outform', 'DER', '-nocrypt', '-out', 'key.der'],
    ['pkey', '-in', 'key.pem', '-pubout', '-out', 'pub.pem'],
  ], ['key.der', 'pub.pem'])
  return { pkcs8: out['key.der']!, publicPem: out['pub.pem']! }
}
