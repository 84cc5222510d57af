/**
 * Shared by the asymmetric-*.test.ts files: key creation, AWS's algorithm lists per spec, the OpenSSL
 * CLI on temporary files, and a client that records raw error bodies (the SDK shows an empty error
 * message as 'UnknownError', so empty wire messages are checked on the wire).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { CreateKeyCommand, type KeyMetadata, type KeySpec, type KeyUsageType, type KMSClient, type SigningAlgorithmSpec } from '@aws-sdk/client-kms'
import type { TrentProcess } from '../support/server.js'

export const RSA_SIGNING: SigningAlgorithmSpec[] = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512',
]

/** Every signing spec with AWS's algorithms for it (AWS KMS Developer Guide, key spec reference). */
export const SIGNING_SPECS: Array<{ spec: KeySpec; algorithms: SigningAlgorithmSpec[] }> = [
  { spec: 'RSA_2048', algorithms: RSA_SIGNING },
  { spec: 'RSA_3072', algorithms: RSA_SIGNING },
  { spec: 'RSA_4096', algorithms: RSA_SIGNING },
  { spec: 'ECC_NIST_P256', algorithms: ['ECDSA_SHA_256'] },
  { spec: 'ECC_NIST_P384', algorithms: ['ECDSA_SHA_384'] },
  { spec: 'ECC_NIST_P521', algorithms: ['ECDSA_SHA_512'] },
  { spec: 'ECC_SECG_P256K1', algorithms: ['ECDSA_SHA_256'] },
  { spec: 'ECC_NIST_EDWARDS25519', algorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] },
  { spec: 'ML_DSA_44', algorithms: ['ML_DSA_SHAKE_256'] },
  { spec: 'ML_DSA_65', algorithms: ['ML_DSA_SHAKE_256'] },
  { spec: 'ML_DSA_87', algorithms: ['ML_DSA_SHAKE_256'] },
]

/** The hash in an algorithm's name, as OpenSSL names it, and its length in bytes. */
export function hashOf(algorithm: string): { name: 'sha256' | 'sha384' | 'sha512'; bytes: number } {
  const bits = /SHA_(256|384|512)$/.exec(algorithm)?.[1]
  assert.ok(bits, `no SHA-2 hash in ${algorithm}`)
  return { name: `sha${bits}` as 'sha256' | 'sha384' | 'sha512', bytes: Number(bits) / 8 }
}

export async function createKey(kms: KMSClient, spec: KeySpec, usage: KeyUsageType): Promise<KeyMetadata> {
  return (await kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage }))).KeyMetadata!
}

/**
 * Runs openssl commands in a scratch directory holding `files` and returns the files named in
 * `outputs`. Each command must exit 0; `verify` commands therefore prove a signature good.
 */
export function openssl(files: Record<string, Buffer | string>, commands: string[][], outputs: string[] = []): Record<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'trent-openssl-'))
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes)
    for (const args of commands) {
      const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' })
      assert.equal(run.status, 0, `openssl ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`)
    }
    return Object.fromEntries(outputs.map((name) => [name, readFileSync(join(dir, name))]))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `openssl pkey` turns GetPublicKey's DER SubjectPublicKeyInfo into PEM (and so proves it parses). */
export function pemOf(der: Uint8Array): Buffer {
  return openssl({ 'pub.der': Buffer.from(der) }, [['pkey', '-pubin', '-inform', 'DER', '-in', 'pub.der', '-out', 'pub.pem']], ['pub.pem'])['pub.pem']!
}

/** A client whose error response bodies are kept, in order, to check messages the SDK rewrites. */
export function recordingClient(trent: TrentProcess): { kms: KMSClient; bodies: unknown[] } {
  const kms = trent.client()
  const bodies: unknown[] = []
  kms.middlewareStack.add((next) => async (args) => {
    const out = await next(args)
    const res = out.response as { statusCode: number; body: Readable }
    if (res.statusCode >= 400) {
      const chunks: Buffer[] = []
      for await (const chunk of res.body) chunks.push(Buffer.from(chunk as Uint8Array))
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      res.body = Readable.from([Buffer.concat(chunks)])
    }
    return out
  }, { step: 'deserialize', priority: 'low' })
  return { kms, bodies }
}

export const DRY_RUN = { name: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.' }
export const validation = (message: string) => ({ name: 'ValidationException', message })
export const keyUsage = (message: string) => ({ name: 'InvalidKeyUsageException', message })
