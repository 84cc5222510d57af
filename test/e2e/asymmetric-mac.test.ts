/**
 * GenerateMac and VerifyMac with HMAC keys through the SDK. The material never leaves Trent, so
 * GenerateMac is checked against VerifyMac, against itself (deterministic) and across a restart
 * (the crypto unit tests compare HMAC with OpenSSL); plus AWS's errors and the empty-message mismatch.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateKeyCommand, DisableKeyCommand, GenerateMacCommand, VerifyMacCommand, type KeyMetadata, type KMSClient, type MacAlgorithmSpec,
} from '@aws-sdk/client-kms'
import { rejectsWith } from '../support/kms-assert.js'
import { TrentProcess } from '../support/server.js'
import { createKey, DRY_RUN, keyUsage, recordingClient, validation } from './asymmetric-helpers.js'

let trent: TrentProcess
let kms: KMSClient
const SPECS = [['HMAC_224', 'HMAC_SHA_224', 28], ['HMAC_256', 'HMAC_SHA_256', 32], ['HMAC_384', 'HMAC_SHA_384', 48], ['HMAC_512', 'HMAC_SHA_512', 64]] as const
const keys = new Map<string, KeyMetadata>()

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
  for (const [spec] of SPECS) keys.set(spec, await createKey(kms, spec, 'GENERATE_VERIFY_MAC'))
})
after(async () => { await trent.dispose() })

const INVALID_MAC = { name: 'KMSInvalidMacException', message: 'UnknownError' }

async function mac(keyId: string, algorithm: MacAlgorithmSpec, message: Buffer): Promise<Buffer> {
  return Buffer.from((await kms.send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: algorithm, Message: message }))).Mac!)
}

test('every HMAC spec: a deterministic MAC of the hash length that VerifyMac accepts, and a changed MAC or message it refuses', async () => {
  for (const [spec, algorithm, bytes] of SPECS) {
    const key = keys.get(spec)!
    assert.deepEqual(key.MacAlgorithms, [algorithm])
    const message = Buffer.from(`authenticated by ${spec}`)
    const out = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, MacAlgorithm: algorithm, Message: message }))
    assert.deepEqual({ KeyId: out.KeyId, MacAlgorithm: out.MacAlgorithm, length: out.Mac!.length }, { KeyId: key.Arn, MacAlgorithm: algorithm, length: bytes })
    assert.deepEqual(await mac(key.Arn!, algorithm, message), Buffer.from(out.Mac!))
    const verified = await kms.send(new VerifyMacCommand({ KeyId: key.KeyId, MacAlgorithm: algorithm, Message: message, Mac: out.Mac }))
    assert.deepEqual({ KeyId: verified.KeyId, MacValid: verified.MacValid, MacAlgorithm: verified.MacAlgorithm }, { KeyId: key.Arn, MacValid: true, MacAlgorithm: algorithm })
    const changed = Buffer.from(out.Mac!)
    changed[0]! ^= 0x80
    for (const [m, tag] of [[message, changed], [message, Buffer.from(out.Mac!).subarray(1)], [Buffer.from('another'), Buffer.from(out.Mac!)]] as const) {
      await rejectsWith(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, MacAlgorithm: algorithm, Message: m, Mac: tag })), INVALID_MAC)
    }
  }
})

test('two HMAC keys of the same spec give different MACs; 1 and 4096 bytes work, 4097 is the framework error', async () => {
  const other = await createKey(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC')
  const key = keys.get('HMAC_256')!
  assert.notDeepEqual(await mac(key.KeyId!, 'HMAC_SHA_256', Buffer.from('m')), await mac(other.KeyId!, 'HMAC_SHA_256', Buffer.from('m')))
  for (const size of [1, 4096]) assert.equal((await mac(key.KeyId!, 'HMAC_SHA_256', Buffer.alloc(size, 3))).length, 32)
  await rejectsWith(mac(key.KeyId!, 'HMAC_SHA_256', Buffer.alloc(4097, 3)),
    validation("1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096"))
})

test('the MacAlgorithm must match the spec, the usage must be GENERATE_VERIFY_MAC', async () => {
  await rejectsWith(mac(keys.get('HMAC_224')!.KeyId!, 'HMAC_SHA_256', Buffer.from('m')), keyUsage('Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.'))
  await rejectsWith(kms.send(new VerifyMacCommand({ KeyId: keys.get('HMAC_256')!.KeyId, MacAlgorithm: 'HMAC_SHA_512', Message: Buffer.from('m'), Mac: Buffer.alloc(64) })),
    keyUsage('Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.'))
  const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const signing = await createKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY')
  for (const key of [symmetric, signing]) {
    await rejectsWith(mac(key.KeyId!, 'HMAC_SHA_256', Buffer.from('m')), keyUsage(`${key.Arn} key usage is ${key.KeyUsage} which is not valid for GenerateMac.`))
    await rejectsWith(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from('m'), Mac: Buffer.alloc(32) })),
      keyUsage(`${key.Arn} key usage is ${key.KeyUsage} which is not valid for VerifyMac.`))
  }
})

test('DryRun after the checks; a disabled HMAC key is DisabledException', async () => {
  const key = await createKey(kms, 'HMAC_384', 'GENERATE_VERIFY_MAC')
  await rejectsWith(kms.send(new GenerateMacCommand({ KeyId: key.KeyId, MacAlgorithm: 'HMAC_SHA_384', Message: Buffer.from('m'), DryRun: true })), DRY_RUN)
  await rejectsWith(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, MacAlgorithm: 'HMAC_SHA_384', Message: Buffer.from('m'), Mac: Buffer.alloc(48), DryRun: true })), DRY_RUN)
  await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
  await rejectsWith(mac(key.KeyId!, 'HMAC_SHA_384', Buffer.from('m')), { name: 'DisabledException', message: `${key.Arn} is disabled.` })
})

test('on the wire, KMSInvalidMacException carries an empty message', async () => {
  const { kms: raw, bodies } = recordingClient(trent)
  const key = keys.get('HMAC_512')!
  await rejectsWith(raw.send(new VerifyMacCommand({ KeyId: key.KeyId, MacAlgorithm: 'HMAC_SHA_512', Message: Buffer.from('m'), Mac: Buffer.alloc(64) })), INVALID_MAC)
  assert.deepEqual(bodies, [{ __type: 'KMSInvalidMacException', message: '' }])
})

test('MACs survive a restart', async () => {
  const before = await Promise.all(SPECS.map(([spec, algorithm]) => mac(keys.get(spec)!.KeyId!, algorithm, Buffer.from('durable'))))
  await trent.restart()
  for (const [i, [spec, algorithm]] of SPECS.entries()) {
    assert.deepEqual(await mac(keys.get(spec)!.KeyId!, algorithm, Buffer.from('durable')), before[i], spec)
  }
})
