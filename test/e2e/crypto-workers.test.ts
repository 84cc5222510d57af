/**
 * Slow private-key operations run on crypto workers (TRENT_CRYPTO_WORKERS), so fast requests are not
 * held up behind them; with TRENT_CRYPTO_WORKERS=0 the same operations run inline and still agree.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DecryptCommand, EncryptCommand, SignCommand, VerifyCommand, type KMSClient } from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { createKey } from './asymmetric-helpers.js'

let trent: TrentProcess
let kms: KMSClient

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
})
after(async () => { await trent.dispose() })

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!

/** Median latency in ms of `n` Encrypt requests made one after another. */
async function encryptLatency(client: KMSClient, keyId: string, n: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('fast request') }))
    times.push(performance.now() - start)
  }
  return median(times)
}

test('Encrypt is not held up behind a burst of RSA_4096 signs', async () => {
  const [rsa, aes] = await Promise.all([createKey(kms, 'RSA_4096', 'SIGN_VERIFY'), createKey(kms, 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT')])
  const sign = new SignCommand({ KeyId: rsa.KeyId, Message: Buffer.from('slow request'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })
  await kms.send(sign) // starts a worker and caches the key
  await encryptLatency(kms, aes.KeyId!, 20) // warms up the connection and the key cache
  const alone = await encryptLatency(kms, aes.KeyId!, 20)

  const signer = trent.client()
  let stop = false
  let signed = 0
  const burst = Array.from({ length: 8 }, async () => {
    while (!stop) {
      await signer.send(sign)
      signed++
    }
  })
  const during = await encryptLatency(kms, aes.KeyId!, 20)
  stop = true
  await Promise.all(burst)

  assert.ok(signed >= 8, `only ${signed} signs completed`)
  // On the event loop, each Encrypt would wait behind at least one RSA_4096 signature (~5-10 ms);
  // on a worker it only shares the CPU. Generous, for loaded CI machines with two cores.
  // (Measured on two cores: ~1.3x with a worker, ~30x with TRENT_CRYPTO_WORKERS=0.)
  assert.ok(during < 5 * alone, `Encrypt median ${during.toFixed(2)} ms during the burst, ${alone.toFixed(2)} ms alone`)
})

test('TRENT_CRYPTO_WORKERS=0: Sign, Verify and RSA Decrypt work with every operation on the event loop', async () => {
  const inline = await TrentProcess.start({ env: { TRENT_CRYPTO_WORKERS: '0' } })
  try {
    const local = inline.client()
    const digest = Buffer.alloc(32, 7)
    for (const [spec, algorithm] of [['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'], ['ECC_NIST_P256', 'ECDSA_SHA_256']] as const) {
      const key = await createKey(local, spec, 'SIGN_VERIFY')
      const { Signature } = await local.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }))
      const verified = await local.send(new VerifyCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature, SigningAlgorithm: algorithm }))
      assert.equal(verified.SignatureValid, true, spec)
    }
    const rsa = await createKey(local, 'RSA_2048', 'ENCRYPT_DECRYPT')
    const { CiphertextBlob } = await local.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('inline'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))
    const decrypted = await local.send(new DecryptCommand({ KeyId: rsa.KeyId, CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))
    assert.equal(Buffer.from(decrypted.Plaintext!).toString(), 'inline')
  } finally {
    await inline.dispose()
  }
})
