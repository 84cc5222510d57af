/**
 * The installed AWS CLI (v1, botocore) against Trent: a second, independent client implementation of
 * SigV4, AWS JSON 1.1 and the KMS model. Skipped with a message when no `aws` binary is on PATH.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { wrapWithOpenssl } from './import-helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'trent-aws-cli-'))
writeFileSync(join(dir, 'config'), '')
writeFileSync(join(dir, 'credentials'), '')
// Only our settings: no AWS_* variable from the caller, no user config or credentials file.
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
  AWS_ACCESS_KEY_ID: ROOT_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: ROOT_CREDENTIALS.secretAccessKey,
  AWS_DEFAULT_REGION: REGION,
  AWS_CONFIG_FILE: join(dir, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
  AWS_PAGER: '',
}
const version = spawnSync('aws', ['--version'], { env, encoding: 'utf8' })
const skip = version.error ? `the aws CLI is not installed (${version.error.message}); install awscli to run these tests` : false

let trent: TrentProcess
before(async () => { if (!skip) trent = await TrentProcess.start() })
after(async () => {
  await trent?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

interface CliResult { code: number; stdout: string; stderr: string }

function aws(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('aws', ['--endpoint-url', trent.url, ...args], { env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr })
    })
  })
}

/** Runs a command that must succeed and returns its stdout. */
async function ok(...args: string[]): Promise<string> {
  const r = await aws(...args)
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}
const json = async (...args: string[]) => JSON.parse(await ok(...args)) as Record<string, any>
const arnOf = (keyId: string) => `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${keyId}`
/** v1 prints timestamps as sent (epoch seconds), v2 as ISO 8601. */
const epochMs = (value: number | string) => (typeof value === 'number' ? value * 1000 : Date.parse(value))
const file = (name: string, content: Buffer) => { writeFileSync(join(dir, name), content); return `fileb://${join(dir, name)}` }

let keyId = ''

test('the aws CLI reports its version (v1 on CI; v2 differs only in exit codes and date format)', { skip }, (t) => {
  const text = `${version.stdout}${version.stderr}`.trim()
  assert.match(text, /^aws-cli\/[12]\.\d+\.\d+ /)
  t.diagnostic(text)
})

test('create-key, create-alias, list-keys and describe-key by alias', { skip }, async () => {
  const { KeyMetadata } = await json('kms', 'create-key', '--description', 'made by the aws CLI')
  keyId = KeyMetadata.KeyId
  assert.match(keyId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.equal(KeyMetadata.Arn, arnOf(keyId))
  assert.equal(KeyMetadata.Description, 'made by the aws CLI')
  assert.equal(KeyMetadata.KeyState, 'Enabled')
  assert.equal(KeyMetadata.KeySpec, 'SYMMETRIC_DEFAULT')
  assert.equal(KeyMetadata.AWSAccountId, ACCOUNT_ID)

  assert.equal(await ok('kms', 'create-alias', '--alias-name', 'alias/cli-test', '--target-key-id', keyId), '')
  // The CLI follows NextMarker itself and prints only the merged Keys.
  assert.deepEqual(await json('kms', 'list-keys'), { Keys: [{ KeyId: keyId, KeyArn: arnOf(keyId) }] })
  const described = await json('kms', 'describe-key', '--key-id', 'alias/cli-test')
  assert.equal(described.KeyMetadata.KeyId, keyId)
  assert.equal(described.KeyMetadata.Arn, arnOf(keyId))
})

test('encrypt takes raw bytes from fileb://, and decrypt gives them back (base64 with --output text)', { skip }, async () => {
  const plaintext = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
  const blob = (await ok('kms', 'encrypt', '--key-id', 'alias/cli-test', '--plaintext', file('plain.bin', plaintext),
    '--encryption-context', 'purpose=cli,tenant=t1', '--query', 'CiphertextBlob', '--output', 'text')).trim()
  const ciphertext = file('cipher.bin', Buffer.from(blob, 'base64'))
  const text = await ok('kms', 'decrypt', '--ciphertext-blob', ciphertext, '--encryption-context', 'tenant=t1,purpose=cli',
    '--query', 'Plaintext', '--output', 'text')
  assert.deepEqual(Buffer.from(text.trim(), 'base64'), plaintext)

  const full = await json('kms', 'decrypt', '--ciphertext-blob', ciphertext, '--encryption-context', 'tenant=t1,purpose=cli')
  assert.equal(full.KeyId, arnOf(keyId))
  assert.equal(full.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
  assert.match(full.KeyMaterialId, /^[a-f0-9]{64}$/)

  // botocore prints the empty message AWS sends for InvalidCiphertextException: nothing after the colon.
  const wrong = await aws('kms', 'decrypt', '--ciphertext-blob', ciphertext, '--encryption-context', 'tenant=t2,purpose=cli')
  assert.ok(wrong.code === 254 || wrong.code === 255, `exit code ${wrong.code}`)
  assert.equal(wrong.stderr.trim(), 'An error occurred (InvalidCiphertextException) when calling the Decrypt operation:')
  assert.equal(wrong.stdout, '')
})

test('generate-data-key --key-spec AES_256 returns 32 bytes that its CiphertextBlob decrypts to', { skip }, async () => {
  const out = await json('kms', 'generate-data-key', '--key-id', arnOf(keyId), '--key-spec', 'AES_256')
  const plaintext = Buffer.from(out.Plaintext, 'base64')
  assert.equal(plaintext.length, 32)
  assert.equal(out.KeyId, arnOf(keyId))
  const back = await ok('kms', 'decrypt', '--ciphertext-blob', file('dk.bin', Buffer.from(out.CiphertextBlob, 'base64')),
    '--query', 'Plaintext', '--output', 'text')
  assert.deepEqual(Buffer.from(back.trim(), 'base64'), plaintext)
})

test('enable-key-rotation and get-key-rotation-status', { skip }, async () => {
  assert.deepEqual(await json('kms', 'get-key-rotation-status', '--key-id', keyId), { KeyId: arnOf(keyId), KeyRotationEnabled: false })
  assert.equal(await ok('kms', 'enable-key-rotation', '--key-id', keyId, '--rotation-period-in-days', '180'), '')
  const status = await json('kms', 'get-key-rotation-status', '--key-id', keyId)
  assert.deepEqual(Object.keys(status).sort(), ['KeyId', 'KeyRotationEnabled', 'NextRotationDate', 'RotationPeriodInDays'])
  assert.equal(status.KeyRotationEnabled, true)
  assert.equal(status.RotationPeriodInDays, 180)
  assert.ok(Math.abs(epochMs(status.NextRotationDate) - (Date.now() + 180 * 86_400_000)) < 120_000, String(status.NextRotationDate))
})

test('schedule-key-deletion --pending-window-in-days 7, after which the key refuses to encrypt', { skip }, async () => {
  const out = await json('kms', 'schedule-key-deletion', '--key-id', keyId, '--pending-window-in-days', '7')
  assert.equal(out.KeyId, arnOf(keyId))
  assert.equal(out.KeyState, 'PendingDeletion')
  assert.equal(out.PendingWindowInDays, 7)
  assert.ok(Math.abs(epochMs(out.DeletionDate) - (Date.now() + 7 * 86_400_000)) < 120_000, String(out.DeletionDate))
  const refused = await aws('kms', 'encrypt', '--key-id', keyId, '--plaintext', file('p2.bin', Buffer.from('x')))
  assert.ok(refused.code === 254 || refused.code === 255, `exit code ${refused.code}`)
  assert.equal(refused.stderr.trim(),
    `An error occurred (KMSInvalidStateException) when calling the Encrypt operation: ${arnOf(keyId)} is pending deletion.`)
})

test('errors: a missing alias is NotFoundException on stderr with a failing exit code', { skip }, async () => {
  const r = await aws('kms', 'describe-key', '--key-id', 'alias/no-such-alias')
  assert.ok(r.code === 254 || r.code === 255, `exit code ${r.code}`)
  assert.equal(r.stdout, '')
  assert.equal(r.stderr.trim(),
    `An error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:${REGION}:${ACCOUNT_ID}:alias/no-such-alias is not found.`)
  const bad = await aws('kms', 'schedule-key-deletion', '--key-id', keyId, '--pending-window-in-days', '6')
  assert.equal(bad.stderr.trim(), 'An error occurred (ValidationException) when calling the ScheduleKeyDeletion operation: PendingWindowInDays must be between 7 and 30')
})

test('aws kms: create-key --origin EXTERNAL, get-parameters-for-import, openssl, import-key-material (AWS\'s own procedure)', { skip }, async () => {
  const key = (await json('kms', 'create-key', '--origin', 'EXTERNAL')).KeyMetadata
  assert.equal(key.KeyState, 'PendingImport')
  const params = await json('kms', 'get-parameters-for-import', '--key-id', key.KeyId, '--wrapping-algorithm', 'RSA_AES_KEY_WRAP_SHA_256', '--wrapping-key-spec', 'RSA_3072')
  const material = randomBytes(32)
  const wrapped = wrapWithOpenssl(Buffer.from(params.PublicKey, 'base64'), 'RSA_AES_KEY_WRAP_SHA_256', material)
  await ok('kms', 'import-key-material', '--key-id', key.KeyId, '--encrypted-key-material', file('wrapped.bin', wrapped),
    '--import-token', file('token.bin', Buffer.from(params.ImportToken, 'base64')), '--expiration-model', 'KEY_MATERIAL_DOES_NOT_EXPIRE')
  const described = (await json('kms', 'describe-key', '--key-id', key.KeyId)).KeyMetadata
  assert.deepEqual([described.KeyState, described.Origin, described.ExpirationModel], ['Enabled', 'EXTERNAL', 'KEY_MATERIAL_DOES_NOT_EXPIRE'])
  const deleted = await json('kms', 'delete-imported-key-material', '--key-id', key.KeyId)
  assert.equal(deleted.KeyId, arnOf(key.KeyId))
  assert.equal((await json('kms', 'describe-key', '--key-id', key.KeyId)).KeyMetadata.KeyState, 'PendingImport')
})
