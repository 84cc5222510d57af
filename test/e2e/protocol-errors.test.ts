// The AWS JSON 1.1 front end over plain HTTP: targets, body parsing, SigV4 failures, size limits and the
// exact shape of every response. Requests are signed with the SDK's own signer (@smithy/signature-v4).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { SignatureV4 } from '@smithy/signature-v4'
import { CreateGrantCommand, CreateKeyCommand, DisableKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms'
import { ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { rejectsWith, serverNow } from '../support/kms-assert.js'
import { Sha256 } from '../support/sha256.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const JSON_11 = 'application/x-amz-json-1.1'
const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
let trent: TrentProcess
let kms: KMSClient
let keyId: string
before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
  keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!
})
after(async () => { await trent.dispose() })

interface RawRequest {
  /** X-Amz-Target; null sends none. */
  target?: string | null
  body?: string | Buffer
  sign?: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string }
  region?: string
  /** Signing time; Trent's current time by default. */
  signedAt?: Date
  /** Whether the signer adds a signed X-Amz-Content-Sha256 header. */
  checksumHeader?: boolean
  /** The body actually sent, when it differs from the one signed. */
  sentBody?: string
}

interface RawResponse { status: number; headers: Headers; text: string }

async function call(r: RawRequest): Promise<RawResponse> {
  const url = new URL(trent.url)
  const body = r.body ?? '{}'
  let headers: Record<string, string> = { host: url.host, 'content-type': JSON_11, ...(r.target === null ? {} : { 'x-amz-target': r.target ?? 'TrentService.DescribeKey' }) }
  if (r.sign !== false) {
    const signer = new SignatureV4({
      service: 'kms', region: r.region ?? 'us-east-1', credentials: r.credentials ?? ROOT_CREDENTIALS, sha256: Sha256, applyChecksum: r.checksumHeader ?? false,
    })
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers, body },
      { signingDate: r.signedAt ?? new Date(serverNow(trent)) })
    headers = { ...signed.headers }
  }
  delete headers['host'] // fetch sends the same Host itself
  const res = await fetch(trent.url, { method: 'POST', headers, body: r.sentBody ?? body })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

/** Every KMS response has a request id and the JSON 1.1 content type; errors are exactly {__type, message}. */
function assertError(res: RawResponse, status: number, type: string, message: string | RegExp): void {
  assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID)
  assert.equal(res.headers.get('content-type'), JSON_11)
  assert.equal(res.status, status, res.text)
  const parsed = JSON.parse(res.text) as { __type: string; message: string }
  assert.equal(res.text, JSON.stringify({ __type: type, message: parsed.message }))
  if (typeof message === 'string') assert.equal(parsed.message, message)
  else assert.match(parsed.message, message)
}

const describeBody = (): string => JSON.stringify({ KeyId: keyId })

test('a signed request succeeds with a request id and the JSON 1.1 content type; GET /health answers JSON', async () => {
  const res = await call({ body: describeBody() })
  assert.equal(res.status, 200, res.text)
  assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID)
  assert.equal(res.headers.get('content-type'), JSON_11)
  assert.equal((JSON.parse(res.text) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId, keyId)
  const health = await fetch(`${trent.url}/health`)
  assert.equal(health.status, 200)
  assert.equal(health.headers.get('content-type'), 'application/json')
  assert.deepEqual(await health.json(), { status: 'ok' })
})

test('unknown targets and operations Trent does not implement are named', async () => {
  assertError(await call({ target: 'TrentService.NoSuchThing' }), 400, 'UnknownOperationException', 'Unknown operation TrentService.NoSuchThing.')
  assertError(await call({ target: 'DynamoDB_20120810.DescribeKey' }), 400, 'UnknownOperationException', 'Unknown operation DynamoDB_20120810.DescribeKey.')
  assertError(await call({ target: null }), 400, 'UnknownOperationException', 'Unknown operation (no X-Amz-Target header).')
  const replicate = JSON.stringify({ KeyId: keyId, ReplicaRegion: 'eu-west-1' })
  assertError(await call({ target: 'TrentService.ReplicateKey', body: replicate }), 400, 'UnsupportedOperationException',
    'ReplicateKey is not supported by this version of Trent. See README for the supported operations.')
})

test('bodies that cannot be deserialized are SerializationExceptions', async () => {
  assertError(await call({ body: '{"KeyId": ' }), 400, 'SerializationException', 'The request body is not valid JSON.')
  assertError(await call({ body: '{"KeyId": 5}' }), 400, 'SerializationException', "Expected a string at 'keyId' but found a number.")
  const duplicate = `{"KeyId":"${keyId}","Plaintext":"aGk=","EncryptionContext":{"a":"1","a":"2"}}`
  assertError(await call({ target: 'TrentService.Encrypt', body: duplicate }), 400, 'SerializationException', "Duplicate key 'a' in a JSON object.")
})

test('missing, unknown and wrong credentials are refused with AWS messages', async () => {
  assertError(await call({ sign: false, body: describeBody() }), 400, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token')
  assertError(await call({ body: describeBody(), credentials: { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: ROOT_CREDENTIALS.secretAccessKey } }),
    400, 'UnrecognizedClientException', 'The security token included in the request is invalid.')
  assertError(await call({ body: describeBody(), credentials: { ...ROOT_CREDENTIALS, secretAccessKey: 'not-the-secret-0123456789' } }),
    400, 'InvalidSignatureException', MISMATCH)
})

test('a body changed after signing fails the signature, with or without X-Amz-Content-Sha256', async () => {
  const other = JSON.stringify({ KeyId: '00000000-0000-4000-8000-000000000000' })
  for (const checksumHeader of [false, true]) {
    assert.equal((await call({ body: describeBody(), checksumHeader })).status, 200)
    assertError(await call({ body: describeBody(), sentBody: other, checksumHeader }), 400, 'InvalidSignatureException', MISMATCH)
  }
})

test('signatures more than 5 minutes from Trent time, or scoped to another Region, are refused', async () => {
  const at = (offsetMs: number): Date => new Date(Math.floor((serverNow(trent) + offsetMs) / 1000) * 1000)
  const basic = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const stamp = '\\d{8}T\\d{6}Z'
  const old = at(-6 * 60_000)
  assertError(await call({ body: describeBody(), signedAt: old }), 400, 'InvalidSignatureException',
    new RegExp(`^Signature expired: ${basic(old)} is now earlier than ${stamp} \\(${stamp} - 5 min\\.\\)$`))
  const future = at(6 * 60_000)
  assertError(await call({ body: describeBody(), signedAt: future }), 400, 'InvalidSignatureException',
    new RegExp(`^Signature not yet current: ${basic(future)} is still later than ${stamp} \\(${stamp} \\+ 5 min\\.\\)$`))
  assertError(await call({ body: describeBody(), region: 'us-west-2' }), 400, 'InvalidSignatureException',
    "Credential should be scoped to a valid region, not 'us-west-2'. ")
})

test('a 300 KiB body is refused with 413 before it is read', async () => {
  const body = JSON.stringify({ KeyId: keyId, Description: 'x'.repeat(300 * 1024) })
  const res = await call({ target: 'TrentService.UpdateKeyDescription', body })
  assertError(res, 413, 'RequestEntityTooLargeException', 'The request body exceeds 262144 bytes.')
})

test('Encrypt validates plaintext size, DryRun and GrantTokens like AWS', async () => {
  const err = await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(4097) })), {
    name: 'ValidationException',
    message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
  }) as { $metadata: { requestId?: string } }
  assert.match(err.$metadata.requestId ?? '', UUID)
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hi'), DryRun: true })), {
    name: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.',
  })
  const tokens = Array.from({ length: 11 }, (_, i) => `g${i}`)
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hi'), GrantTokens: tokens })), {
    name: 'ValidationException',
    message: `1 validation error detected: Value '[${tokens.join(', ')}]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10`,
  })
  // Ten tokens is the most AWS accepts; each must be a real one (grants.test.ts covers forged tokens).
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hi'), GrantTokens: tokens.slice(0, 10) })), {
    name: 'InvalidGrantTokenException', message: 'The request was rejected because the specified grant token is not valid.',
  })
  const { GrantToken } = await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: 'arn:aws:iam::000000000000:root', Operations: ['Encrypt'] }))
  const { KeyId } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(4096), GrantTokens: Array<string>(10).fill(GrantToken!) }))
  assert.equal(KeyId, `arn:aws:kms:us-east-1:000000000000:key/${keyId}`)

  const disabled = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }))
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: disabled.KeyId, Plaintext: Buffer.from('hi'), DryRun: true })), {
    name: 'DisabledException', message: `${disabled.Arn} is disabled.`,
  })
})

test('a session token sent with long-term credentials is refused as an invalid token', async () => {
  const withToken = { ...ROOT_CREDENTIALS, sessionToken: 'not-a-session-of-this-server' }
  await rejectsWith(trent.client(withToken).send(new CreateKeyCommand({})), { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' })
})

test('a request to any other path is UnknownOperationException in the AWS JSON error shape', async () => {
  const res = await fetch(`${trent.url}/nowhere`, { method: 'POST', body: '{}' })
  assert.equal(res.status, 400)
  assert.equal(res.headers.get('content-type'), JSON_11)
  assert.deepEqual(await res.json(), { __type: 'UnknownOperationException', message: 'No KMS endpoint at POST /nowhere.' })
})
