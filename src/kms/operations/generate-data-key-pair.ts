/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair for use outside KMS.
 * The public key is DER SubjectPublicKeyInfo (RFC 5280), the private key DER PKCS#8 (RFC 5958),
 * returned encrypted under a symmetric encryption key with the encryption context (and in plaintext).
 * These are data keys, not KMS keys, so they are made here with node:crypto, not by the registry.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import { generateKeyPair } from 'node:crypto'
import type { DataKeyPairSpec } from '../../api/generated/kms-model.js'
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import type { EncryptionContext } from '../encryption-context.js'
import { UnsupportedOperationException } from '../errors.js'
import { assertSymmetricEncryptionKey, dryRunSucceeded, encryptUnder } from '../symmetric.js'

interface DerKeyPair { publicKey: Buffer; privateKey: Buffer }

const DER = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } } as const

/** Asynchronous, so a 4096-bit RSA generation does not stall other requests. */
const promised = (run: (done: (err: Error | null, publicKey: Buffer, privateKey: Buffer) => void) => void): Promise<DerKeyPair> =>
  new Promise((resolve, reject) => run((err, publicKey, privateKey) => (err ? reject(err) : resolve({ publicKey, privateKey }))))

const rsa = (modulusLength: number) => () => promised((done) => generateKeyPair('rsa', { modulusLength, ...DER }, done))
const ec = (namedCurve: string) => () => promised((done) => generateKeyPair('ec', { namedCurve, ...DER }, done))

/** One generator per KeyPairSpec; SM2 is absent (AWS offers it only in China Regions). */
const GENERATORS: Partial<Record<DataKeyPairSpec, () => Promise<DerKeyPair>>> = {
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: ec('prime256v1'),
  ECC_NIST_P384: ec('secp384r1'),
  ECC_NIST_P521: ec('secp521r1'),
  ECC_SECG_P256K1: ec('secp256k1'),
  ECC_NIST_EDWARDS25519: () => promised((done) => generateKeyPair('ed25519', DER, done)),
}

interface KeyPairInput { KeyId: string; KeyPairSpec: DataKeyPairSpec; EncryptionContext?: EncryptionContext; DryRun?: boolean }

async function generate(ctx: KmsContext, caller: Caller, operation: string, input: KeyPairInput) {
  const key = await authorizedKey(ctx, caller, operation, input, { aliases: true })
  assertSymmetricEncryptionKey(key, operation)
  const generator = GENERATORS[input.KeyPairSpec]
  if (!generator) throw new UnsupportedOperationException(`KeyPairSpec ${input.KeyPairSpec} is not supported by Trent; AWS offers it only in China Regions.`)
  if (input.DryRun) throw dryRunSucceeded()
  const pair = await generator()
  const { blob, materialId } = await encryptUnder(ctx, key, pair.privateKey, input.EncryptionContext)
  return {
    privateKey: pair.privateKey,
    out: { PrivateKeyCiphertextBlob: blob, PublicKey: pair.publicKey, KeyId: key.arn, KeyPairSpec: input.KeyPairSpec, KeyMaterialId: materialId },
  }
}

export const generateDataKeyPair: OperationHandler<'GenerateDataKeyPair'> = async (ctx, caller, input) => {
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('Recipient (Nitro Enclaves attestation) is not supported by Trent.')
  const { privateKey, out } = await generate(ctx, caller, 'GenerateDataKeyPair', input)
  return { ...out, PrivateKeyPlaintext: privateKey }
}

export const generateDataKeyPairWithoutPlaintext: OperationHandler<'GenerateDataKeyPairWithoutPlaintext'> = async (ctx, caller, input) => {
  const { privateKey, out } = await generate(ctx, caller, 'GenerateDataKeyPairWithoutPlaintext', input)
  privateKey.fill(0)
  return out
}
