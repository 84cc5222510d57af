/**
 * Symmetric cryptography end to end through the AWS SDK: Encrypt/Decrypt/ReEncrypt, encryption context,
 * tampering, data keys and GenerateRandom, with AWS's exact exception names and messages.
 * The SDK turns an empty error message into 'UnknownError'; one test checks the empty wire message itself.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand,
  GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, ReEncryptCommand, type KMSClient, type KeyMetadata,
} from '@aws-sdk/client-kms'
import { ACCOUNT_ID, REGION, TrentProcess } from '../support/server.js'

let trent: TrentProcess
let kms: KMSClient
let keyA: KeyMetadata
let keyB: KeyMetadata
const ALIAS = 'alias/crypto-test-a'

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
  keyA = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  keyB = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  await kms.send(new CreateAliasCommand({ AliasName: ALIAS, TargetKeyId: keyA.KeyId }))
})
after(async () => { await trent.dispose() })

const INVALID_CIPHERTEXT = { name: 'InvalidCiphertextException', message: 'UnknownError' }
const INCORRECT_KEY = { name: 'IncorrectKeyException', message: 'The key ID in the request does not identify a CMK that can perform this operation.' }
const DRY_RUN = { name: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.' }
const validation = (message: string) => ({ name: 'ValidationException', message })

async function encrypt(plaintext: Buffer, context?: Record<string, string>, keyId = keyA.KeyId!): Promise<Uint8Array> {
  return (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }))).CiphertextBlob!
}
async function decrypt(blob: Uint8Array, context?: Record<string, string>, keyId?: string): Promise<Buffer> {
  return Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context, KeyId: keyId }))).Plaintext!)
}

test('Encrypt and Decrypt round-trip 1 and 4096 bytes, naming the key ARN, the algorithm and the material', async () => {
  const { CurrentKeyMaterialId } = (await kms.send(new DescribeKeyCommand({ KeyId: keyA.KeyId }))).KeyMetadata!
  assert.match(CurrentKeyMaterialId!, /^[a-f0-9]{64}$/)
  for (const size of [1, 4096]) {
    const plaintext = Buffer.alloc(size, size % 251)
    plaintext[0] = 0xab
    const out = await kms.send(new EncryptCommand({ KeyId: keyA.KeyId, Plaintext: plaintext }))
    assert.equal(out.KeyId, `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${keyA.KeyId}`)
    assert.equal(out.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))
    assert.deepEqual(Buffer.from(back.Plaintext!), plaintext)
    assert.equal(back.KeyId, keyA.Arn)
    assert.equal(back.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    assert.equal(back.KeyMaterialId, CurrentKeyMaterialId)
  }
})

test('4097 bytes of plaintext is the framework ValidationException, value not echoed', async () => {
  await assert.rejects(encrypt(Buffer.alloc(4097, 1)), validation(
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"))
})

test('Decrypt accepts the right key in every form and refuses another key', async () => {
  const blob = await encrypt(Buffer.from('which key?'))
  const aliasArn = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:${ALIAS}`
  for (const form of [keyA.KeyId!, keyA.Arn!, ALIAS, aliasArn]) {
    assert.equal((await decrypt(blob, undefined, form)).toString(), 'which key?', form)
  }
  await assert.rejects(decrypt(blob, undefined, keyB.KeyId), INCORRECT_KEY)
  await assert.rejects(decrypt(blob, undefined, keyB.Arn), INCORRECT_KEY)
})

test('the encryption context must match exactly; only the order of pairs may differ', async () => {
  const context = { tenant: 'acme', purpose: 'backup' }
  const blob = await encrypt(Buffer.from('bound'), context)
  const wrong: Array<Record<string, string> | undefined> = [
    undefined, {}, { tenant: 'acme' }, { ...context, extra: 'x' }, { tenant: 'acme', purpose: 'restore' },
    { Tenant: 'acme', purpose: 'backup' }, { tenant: 'ACME', purpose: 'backup' }, { tenant: 'acme ', purpose: 'backup' },
  ]
  for (const c of wrong) await assert.rejects(decrypt(blob, c), INVALID_CIPHERTEXT, JSON.stringify(c))
  assert.equal((await decrypt(blob, { purpose: 'backup', tenant: 'acme' })).toString(), 'bound')

  const unicode = { 'clé 🔑': 'värde ✓', 鍵: '値', Ключ: 'значение' }
  const uBlob = await encrypt(Buffer.from('unicode'), unicode)
  assert.equal((await decrypt(uBlob, { Ключ: 'значение', 鍵: '値', 'clé 🔑': 'värde ✓' })).toString(), 'unicode')
  await assert.rejects(decrypt(uBlob, { ...unicode, 鍵: '值' }), INVALID_CIPHERTEXT)
})

test('an empty encryption context is the same as none', async () => {
  assert.equal((await decrypt(await encrypt(Buffer.from('e1'), {}))).toString(), 'e1')
  assert.equal((await decrypt(await encrypt(Buffer.from('e2')), {})).toString(), 'e2')
  assert.equal((await decrypt(await encrypt(Buffer.from('e3'), {}), {})).toString(), 'e3')
  await assert.rejects(decrypt(await encrypt(Buffer.from('e4'), {}), { a: 'b' }), INVALID_CIPHERTEXT)
})

test('a flipped byte anywhere that is authenticated, or a truncated blob, is InvalidCiphertextException', async () => {
  const blob = Buffer.from(await encrypt(Buffer.from('tamper with me, if you can'), { k: 'v' }))
  // Layout (src/kms/ciphertext.ts): version 0, type 1, key id 2-17, material id 18-49, nonce 50-65, IV 66-77, body, 16-byte tag.
  const positions = { version: 0, type: 1, materialId: 30, nonce: 50, nonceEnd: 65, iv: 66, body: 78, bodyEnd: blob.length - 17, tag: blob.length - 16, tagEnd: blob.length - 1 }
  for (const [what, at] of Object.entries(positions)) {
    const bad = Buffer.from(blob)
    bad[at] = bad[at]! ^ 0x01
    await assert.rejects(decrypt(bad, { k: 'v' }), INVALID_CIPHERTEXT, what)
  }
  for (const length of [blob.length - 1, 94, 78, 10, 1]) {
    await assert.rejects(decrypt(blob.subarray(0, length), { k: 'v' }), INVALID_CIPHERTEXT, `truncated to ${length}`)
  }
  await assert.rejects(decrypt(Buffer.concat([blob, Buffer.from([0])]), { k: 'v' }), INVALID_CIPHERTEXT, 'extended')
  assert.equal((await decrypt(blob, { k: 'v' })).toString(), 'tamper with me, if you can')
})

test('a blob naming a key that does not exist is AccessDeniedException, as AWS answers for deleted keys', async () => {
  const bad = Buffer.from(await encrypt(Buffer.from('x')))
  bad[5] = bad[5]! ^ 0x01
  await assert.rejects(decrypt(bad), {
    name: 'AccessDeniedException',
    message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  })
})

test('on the wire, InvalidCiphertextException carries an empty message', async () => {
  const raw = trent.client()
  const bodies: string[] = []
  raw.middlewareStack.add((next) => async (args) => {
    const out = await next(args)
    const res = out.response as { body: Readable }
    const chunks: Buffer[] = []
    for await (const chunk of res.body) chunks.push(Buffer.from(chunk as Uint8Array))
    bodies.push(Buffer.concat(chunks).toString('utf8'))
    res.body = Readable.from([Buffer.concat(chunks)])
    return out
  }, { step: 'deserialize', priority: 'low' })
  const blob = await encrypt(Buffer.from('x'), { a: 'b' })
  await assert.rejects(raw.send(new DecryptCommand({ CiphertextBlob: blob })), INVALID_CIPHERTEXT)
  assert.deepEqual(JSON.parse(bodies[0]!), { __type: 'InvalidCiphertextException', message: '' })
})

test('two encryptions of the same plaintext differ, and both decrypt', async () => {
  const [one, two] = [await encrypt(Buffer.from('same')), await encrypt(Buffer.from('same'))]
  assert.notDeepEqual(Buffer.from(one), Buffer.from(two))
  assert.equal(one.length, two.length)
  assert.equal((await decrypt(two)).toString(), 'same')
})

test('Decrypt under a disabled key is DisabledException; it works again once enabled', async () => {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  const blob = await encrypt(Buffer.from('later'), undefined, KeyMetadata!.KeyId)
  await kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId }))
  const disabled = { name: 'DisabledException', message: `${KeyMetadata!.Arn} is disabled.` }
  await assert.rejects(decrypt(blob), disabled)
  await assert.rejects(encrypt(Buffer.from('x'), undefined, KeyMetadata!.KeyId), disabled)
  await kms.send(new EnableKeyCommand({ KeyId: KeyMetadata!.KeyId }))
  assert.equal((await decrypt(blob)).toString(), 'later')
})

test('ReEncrypt moves a ciphertext between keys and contexts', async () => {
  const blob = await encrypt(Buffer.from('moving'), { from: 'a' })
  const out = await kms.send(new ReEncryptCommand({
    CiphertextBlob: blob, SourceEncryptionContext: { from: 'a' }, DestinationKeyId: keyB.KeyId, DestinationEncryptionContext: { to: 'b' },
  }))
  assert.equal(out.SourceKeyId, keyA.Arn)
  assert.equal(out.KeyId, keyB.Arn)
  assert.equal(out.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
  assert.equal(out.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
  const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { to: 'b' } }))
  assert.equal(Buffer.from(back.Plaintext!).toString(), 'moving')
  assert.equal(back.KeyId, keyB.Arn)
  await assert.rejects(decrypt(out.CiphertextBlob!, { from: 'a' }), INVALID_CIPHERTEXT)
  await assert.rejects(decrypt(out.CiphertextBlob!, { to: 'b' }, keyA.KeyId), INCORRECT_KEY)

  await assert.rejects(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { from: 'b' }, DestinationKeyId: keyB.KeyId })), INVALID_CIPHERTEXT)
  await assert.rejects(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: keyB.KeyId })), INVALID_CIPHERTEXT)
  await assert.rejects(kms.send(new ReEncryptCommand({
    CiphertextBlob: blob, SourceEncryptionContext: { from: 'a' }, SourceKeyId: keyB.KeyId, DestinationKeyId: keyB.KeyId,
  })), INCORRECT_KEY)
})

test('GenerateDataKey returns a data key of the asked size whose CiphertextBlob decrypts to it', async () => {
  const cases = [{ KeySpec: 'AES_256' as const, size: 32 }, { KeySpec: 'AES_128' as const, size: 16 }, { NumberOfBytes: 1, size: 1 }, { NumberOfBytes: 1024, size: 1024 }]
  for (const { size, ...spec } of cases) {
    const out = await kms.send(new GenerateDataKeyCommand({ KeyId: ALIAS, EncryptionContext: { dk: String(size) }, ...spec }))
    assert.equal(out.Plaintext!.length, size)
    assert.equal(out.KeyId, keyA.Arn)
    assert.deepEqual(await decrypt(out.CiphertextBlob!, { dk: String(size) }), Buffer.from(out.Plaintext!))
  }
  const [x, y] = [await kms.send(new GenerateDataKeyCommand({ KeyId: keyA.KeyId, KeySpec: 'AES_256' })), await kms.send(new GenerateDataKeyCommand({ KeyId: keyA.KeyId, KeySpec: 'AES_256' }))]
  assert.notDeepEqual(Buffer.from(x.Plaintext!), Buffer.from(y.Plaintext!))
})

test('GenerateDataKey needs exactly one of KeySpec and NumberOfBytes, the latter within 1..1024', async () => {
  const either = validation('Please specify either number of bytes or key spec.')
  await assert.rejects(kms.send(new GenerateDataKeyCommand({ KeyId: keyA.KeyId })), either)
  await assert.rejects(kms.send(new GenerateDataKeyCommand({ KeyId: keyA.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 })), either)
  await assert.rejects(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyA.KeyId })), either)
  await assert.rejects(kms.send(new GenerateDataKeyCommand({ KeyId: keyA.KeyId, NumberOfBytes: 1025 })), validation(
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"))
})

test('GenerateDataKeyWithoutPlaintext returns no plaintext; its blob decrypts to a key of the asked size', async () => {
  for (const [spec, size] of [['AES_256', 32], ['AES_128', 16]] as const) {
    const out = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyA.Arn, KeySpec: spec, EncryptionContext: { w: 'o' } }))
    assert.equal('Plaintext' in out, false)
    assert.equal(out.KeyId, keyA.Arn)
    assert.equal((await decrypt(out.CiphertextBlob!, { w: 'o' })).length, size)
  }
  const out = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyA.KeyId, NumberOfBytes: 7 }))
  assert.equal((await decrypt(out.CiphertextBlob!)).length, 7)
})

test('GenerateRandom returns exactly 1..1024 bytes, fresh each time, and validates NumberOfBytes', async () => {
  for (let start = 1; start <= 1024; start += 64) {
    const sizes = Array.from({ length: 64 }, (_, i) => start + i)
    const outs = await Promise.all(sizes.map((n) => kms.send(new GenerateRandomCommand({ NumberOfBytes: n }))))
    outs.forEach((o, i) => assert.equal(o.Plaintext!.length, sizes[i]))
  }
  const [a, b] = [await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 })), await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))]
  assert.notDeepEqual(Buffer.from(a.Plaintext!), Buffer.from(b.Plaintext!))
  await assert.rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })), validation(
    "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"))
  await assert.rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })), validation(
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"))
  await assert.rejects(kms.send(new GenerateRandomCommand({})), validation('NumberOfBytes is required.'))
})

test('DryRun on Decrypt and GenerateDataKey answers DryRunOperationException, and real errors still win', async () => {
  const blob = await encrypt(Buffer.from('dry'), { d: 'r' })
  await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { d: 'r' }, DryRun: true })), DRY_RUN)
  await assert.rejects(kms.send(new GenerateDataKeyCommand({ KeyId: keyA.KeyId, KeySpec: 'AES_256', DryRun: true })), DRY_RUN)
  await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: keyB.KeyId, DryRun: true })), INCORRECT_KEY)
  await assert.rejects(kms.send(new GenerateDataKeyCommand({ KeyId: keyA.KeyId, DryRun: true })), validation('Please specify either number of bytes or key spec.'))
})
