import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import type { MacAlgorithmSpec } from '../../api/generated/kms-model.js'
import { HMAC_224, HMAC_256, HMAC_384, HMAC_512 } from './hmac.js'

const SPECS = [[HMAC_224, 28, 'sha224'], [HMAC_256, 32, 'sha256'], [HMAC_384, 48, 'sha384'], [HMAC_512, 64, 'sha512']] as const
const ALGORITHMS: MacAlgorithmSpec[] = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']

test('each spec has key material of its size and computes its one HMAC', async () => {
  for (const [entry, bytes, hash] of SPECS) {
    const material = await entry.generateMaterial()
    assert.equal(material.length, bytes)
    assert.notDeepEqual(await entry.generateMaterial(), material)
    const [algorithm] = entry.mac!.algorithms
    const message = Buffer.from('authenticate me')
    assert.deepEqual(entry.mac!.mac(material, algorithm!, message), createHmac(hash, material).update(message).digest())
  }
})

test('any other MAC algorithm is refused in AWS words', async () => {
  for (const [entry] of SPECS) {
    const material = await entry.generateMaterial()
    for (const algorithm of ALGORITHMS.filter((a) => !entry.mac!.algorithms.includes(a))) {
      assert.throws(() => entry.mac!.mac(material, algorithm, Buffer.from('m')),
        { name: 'InvalidKeyUsageException', message: `Algorithm ${algorithm} is incompatible with key spec ${entry.spec}.` })
    }
  }
})
