import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { KeySpec, MessageType, SigningAlgorithmSpec } from '../api/generated/kms-model.js'
import { WorkerPool } from '../crypto/worker-pool.js'
import { canReadThreadNames, threadNames } from '../thread-names.test-support.js'
import { CryptoOffload, cryptoOffload } from './crypto-offload.js'
import { asBuffer, cryptoTasks, internByContent } from './crypto-tasks.js'
import { keySpecEntry } from './key-specs.js'

const SIGNING_SPECS: KeySpec[] = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
]
const RSA_SPECS: KeySpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096']
const RSA_ALGORITHMS = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512']
/** Signatures that are a function of key and message alone (PSS, ECDSA and ML-DSA are randomized). */
const DETERMINISTIC = new Set<SigningAlgorithmSpec>(['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'ED25519_PH_SHA_512'])

interface Case { spec: KeySpec; algorithm: SigningAlgorithmSpec; messageType: MessageType }
function cases(): Case[] {
  return SIGNING_SPECS.flatMap((spec) => {
    const signing = keySpecEntry(spec).signing!
    return signing.algorithms.flatMap((algorithm) => signing.messageTypes(algorithm).map((messageType) => ({ spec, algorithm, messageType })))
  })
}
const label = ({ spec, algorithm, messageType }: Case, op: string) => `${spec} ${algorithm} ${messageType} ${op}`

test('the registry sends exactly the slow operations to a worker', () => {
  const offloaded = cases().flatMap((c) => (['sign', 'verify'] as const)
    .filter((op) => keySpecEntry(c.spec).signing!.offload(op, c.algorithm, c.messageType)).map((op) => label(c, op)))
  const both = (spec: string, algorithm: string, types: string[]) => types.flatMap((t) => [`${spec} ${algorithm} ${t} sign`, `${spec} ${algorithm} ${t} verify`])
  assert.deepEqual(offloaded, [
    ...RSA_SPECS.flatMap((spec) => RSA_ALGORITHMS.flatMap((a) => [`${spec} ${a} RAW sign`, `${spec} ${a} DIGEST sign`])),
    ...both('ECC_NIST_P256', 'ECDSA_SHA_256', ['DIGEST']),
    ...both('ECC_NIST_P384', 'ECDSA_SHA_384', ['RAW', 'DIGEST']),
    ...both('ECC_NIST_P521', 'ECDSA_SHA_512', ['RAW', 'DIGEST']),
    ...both('ECC_SECG_P256K1', 'ECDSA_SHA_256', ['RAW', 'DIGEST']),
    ...both('ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512', ['DIGEST']),
    ...['ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'].flatMap((spec) => both(spec, 'ML_DSA_SHAKE_256', ['RAW', 'EXTERNAL_MU'])),
  ])
  for (const spec of RSA_SPECS) assert.equal(keySpecEntry(spec).encryption!.asymmetric!.offloadDecrypt, true, spec)
})

describe('through a pool of one worker', () => {
  const material = new Map<KeySpec, Buffer>()
  let workers: CryptoOffload
  before(async () => {
    workers = cryptoOffload(1)
    await Promise.all(SIGNING_SPECS.map(async (spec) => material.set(spec, await keySpecEntry(spec).generateMaterial())))
  })
  after(async () => { await workers.close() })

  test('every sign and verify (on the worker where the registry says so) agrees with the registry run inline', async () => {
    for (const c of cases()) {
      const { spec, algorithm, messageType } = c
      const signing = keySpecEntry(spec).signing!
      const key = material.get(spec)!
      const publicKey = keySpecEntry(spec).publicKey!(key)
      const message = messageType === 'RAW' ? Buffer.from(`message for ${label(c, '')}`) : randomBytes(signing.digestBytes(algorithm)!)
      const onWorker = await workers.sign(spec, algorithm, key, message, messageType)
      const inline = signing.sign(key, algorithm, message, messageType)
      assert.ok(Buffer.isBuffer(onWorker), label(c, 'sign'))
      assert.equal(signing.verify(publicKey, algorithm, message, messageType, onWorker), true, label(c, 'sign'))
      if (DETERMINISTIC.has(algorithm)) assert.deepEqual(onWorker, inline, label(c, 'sign'))
      assert.equal(await workers.verify(spec, algorithm, publicKey, message, messageType, inline), true, label(c, 'verify'))
      const tampered = Buffer.from(inline)
      tampered[tampered.length >> 1]! ^= 1
      assert.equal(await workers.verify(spec, algorithm, publicKey, message, messageType, tampered), false, label(c, 'verify tampered'))
    }
  })

  test('the worker names its thread trent-crypto (README: `top -H` shows it)', { skip: !canReadThreadNames }, () => {
    // The previous test ran tasks on the worker, so it has started and named itself.
    const names = threadNames()
    assert.ok(names.includes('trent-crypto'), `threads: ${names.join(', ')}`)
  })

  test('RSA decrypt gives on a worker what it gives on the event loop, null for a ciphertext that does not decrypt', async () => {
    for (const spec of RSA_SPECS) {
      const rsa = keySpecEntry(spec).encryption!.asymmetric!
      const key = material.get(spec)!
      const publicKey = keySpecEntry(spec).publicKey!(key)
      for (const algorithm of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const) {
        const plaintext = randomBytes(rsa.maxPlaintextBytes(algorithm))
        const ciphertext = rsa.encrypt(publicKey, algorithm, plaintext)
        const onWorker = await workers.decrypt(spec, algorithm, key, ciphertext)
        assert.ok(Buffer.isBuffer(onWorker))
        assert.deepEqual(onWorker, plaintext, `${spec} ${algorithm}`)
        assert.deepEqual(onWorker, rsa.decrypt(key, algorithm, ciphertext))
        assert.equal(await workers.decrypt(spec, algorithm, key, randomBytes(ciphertext.length)), null)
      }
    }
  })

  test('with no workers the same operations run inline and agree', async () => {
    const inline = cryptoOffload(0)
    const key = material.get('RSA_2048')!
    const publicKey = keySpecEntry('RSA_2048').publicKey!(key)
    const message = Buffer.from('inline')
    const signature = await inline.sign('RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', key, message, 'RAW')
    assert.deepEqual(signature, await workers.sign('RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', key, message, 'RAW'))
    assert.equal(await inline.verify('ECC_NIST_P521', 'ECDSA_SHA_512', keySpecEntry('ECC_NIST_P521').publicKey!(material.get('ECC_NIST_P521')!),
      message, 'RAW', await workers.sign('ECC_NIST_P521', 'ECDSA_SHA_512', material.get('ECC_NIST_P521')!, message, 'RAW')), true)
    const ciphertext = keySpecEntry('RSA_2048').encryption!.asymmetric!.encrypt(publicKey, 'RSAES_OAEP_SHA_256', message)
    assert.deepEqual(await inline.decrypt('RSA_2048', 'RSAES_OAEP_SHA_256', key, ciphertext), message)
    await inline.close()
  })
})

test('a full worker queue answers ThrottlingException', async () => {
  const pool = new WorkerPool({ entry: new URL('./crypto-worker.js', import.meta.url), tasks: cryptoTasks(asBuffer), size: 1, maxQueue: 0 })
  const offload = new CryptoOffload(pool)
  const key = await keySpecEntry('ECC_NIST_P256').generateMaterial()
  const digest = randomBytes(32)
  try {
    const first = offload.sign('ECC_NIST_P256', 'ECDSA_SHA_256', key, digest, 'DIGEST')
    await assert.rejects(offload.sign('ECC_NIST_P256', 'ECDSA_SHA_256', key, digest, 'DIGEST'), { name: 'ThrottlingException', message: 'Rate exceeded' })
    assert.ok(Buffer.isBuffer(await first))
    // Fast operations never queue: RAW ECDSA on P-256 runs on the event loop.
    const inFlight = offload.sign('ECC_NIST_P256', 'ECDSA_SHA_256', key, digest, 'DIGEST')
    assert.ok(Buffer.isBuffer(await offload.sign('ECC_NIST_P256', 'ECDSA_SHA_256', key, digest, 'RAW')))
    await inFlight
  } finally {
    await offload.close()
  }
})

test('internByContent hands out one Buffer per content and keeps the most recently used', () => {
  const intern = internByContent(2)
  const a = intern(Uint8Array.of(1))
  assert.ok(Buffer.isBuffer(a))
  assert.equal(intern(Uint8Array.of(1)), a)
  const b = intern(Uint8Array.of(2))
  assert.equal(intern(Uint8Array.of(1)), a) // a is now the most recent
  intern(Uint8Array.of(3)) // evicts b
  assert.equal(intern(Uint8Array.of(1)), a)
  assert.notEqual(intern(Uint8Array.of(2)), b)
})
