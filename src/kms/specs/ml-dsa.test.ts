import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mlDsaMu, mlDsaRawPublicKey } from '../../crypto/ml-dsa.js'
import { ML_DSA_44, ML_DSA_65, ML_DSA_87 } from './ml-dsa.js'

const message = Buffer.from('lattice')

test('ML-DSA: the material is a 32-byte seed, the public key a stable SPKI, message types RAW and EXTERNAL_MU', async () => {
  for (const [entry, level] of [[ML_DSA_44, 44], [ML_DSA_65, 65], [ML_DSA_87, 87]] as const) {
    const seed = await entry.generateMaterial()
    assert.equal(seed.length, 32)
    const publicKey = entry.publicKey!(seed)
    assert.equal(entry.publicKey!(seed), publicKey)
    const signing = entry.signing!
    assert.deepEqual(signing.messageTypes('ML_DSA_SHAKE_256'), ['RAW', 'EXTERNAL_MU'])
    assert.equal(signing.digestBytes('ML_DSA_SHAKE_256'), 64)
    const mu = mlDsaMu(mlDsaRawPublicKey(level, publicKey)!, message)
    const external = signing.sign(seed, 'ML_DSA_SHAKE_256', mu, 'EXTERNAL_MU')
    assert.ok(signing.verify(publicKey, 'ML_DSA_SHAKE_256', message, 'RAW', external), 'an external-mu signature is a RAW one')
    assert.throws(() => signing.sign(seed, 'ML_DSA_SHAKE_256', mu, 'DIGEST'), { name: 'ValidationException' })
    assert.throws(() => signing.sign(seed, 'ML_DSA_SHAKE_256', mu.subarray(1), 'EXTERNAL_MU'),
      { name: 'ValidationException', message: 'Digest is invalid length for algorithm ML_DSA_SHAKE_256.' })
  }
})
