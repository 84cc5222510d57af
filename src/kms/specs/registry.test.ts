import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { KeySpec, KeyUsageType, MessageType } from '../../api/generated/kms-model.js'
import { algorithmLists, keySpecEntry, usageFor } from '../key-specs.js'

/** The contract the operations read: usages and the algorithm lists DescribeKey shows for each. */
const EXPECTED: Record<Exclude<KeySpec, 'SM2'>, Partial<Record<KeyUsageType, object>>> = {
  SYMMETRIC_DEFAULT: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } },
  ...Object.fromEntries(['RSA_2048', 'RSA_3072', 'RSA_4096'].map((spec) => [spec, {
    ENCRYPT_DECRYPT: { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] },
    SIGN_VERIFY: { SigningAlgorithms: ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
      'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'] },
  }])) as Record<'RSA_2048' | 'RSA_3072' | 'RSA_4096', Partial<Record<KeyUsageType, object>>>,
  ECC_NIST_P256: { SIGN_VERIFY: { SigningAlgorithms: ['ECDSA_SHA_256'] }, KEY_AGREEMENT: { KeyAgreementAlgorithms: ['ECDH'] } },
  ECC_NIST_P384: { SIGN_VERIFY: { SigningAlgorithms: ['ECDSA_SHA_384'] }, KEY_AGREEMENT: { KeyAgreementAlgorithms: ['ECDH'] } },
  ECC_NIST_P521: { SIGN_VERIFY: { SigningAlgorithms: ['ECDSA_SHA_512'] }, KEY_AGREEMENT: { KeyAgreementAlgorithms: ['ECDH'] } },
  ECC_SECG_P256K1: { SIGN_VERIFY: { SigningAlgorithms: ['ECDSA_SHA_256'] } },
  ECC_NIST_EDWARDS25519: { SIGN_VERIFY: { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] } },
  ML_DSA_44: { SIGN_VERIFY: { SigningAlgorithms: ['ML_DSA_SHAKE_256'] } },
  ML_DSA_65: { SIGN_VERIFY: { SigningAlgorithms: ['ML_DSA_SHAKE_256'] } },
  ML_DSA_87: { SIGN_VERIFY: { SigningAlgorithms: ['ML_DSA_SHAKE_256'] } },
  HMAC_224: { GENERATE_VERIFY_MAC: { MacAlgorithms: ['HMAC_SHA_224'] } },
  HMAC_256: { GENERATE_VERIFY_MAC: { MacAlgorithms: ['HMAC_SHA_256'] } },
  HMAC_384: { GENERATE_VERIFY_MAC: { MacAlgorithms: ['HMAC_SHA_384'] } },
  HMAC_512: { GENERATE_VERIFY_MAC: { MacAlgorithms: ['HMAC_SHA_512'] } },
}
const SPECS = Object.keys(EXPECTED) as Array<Exclude<KeySpec, 'SM2'>>
const USAGES: KeyUsageType[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT']

test('every spec but SM2 is registered with exactly the usages and algorithm lists AWS gives it', () => {
  for (const spec of SPECS) {
    const entry = keySpecEntry(spec)
    assert.equal(entry.spec, spec)
    assert.deepEqual([...entry.usages].sort(), Object.keys(EXPECTED[spec]).sort(), spec)
    for (const usage of entry.usages) assert.deepEqual(algorithmLists(entry, usage), EXPECTED[spec][usage], `${spec} ${usage}`)
    for (const usage of USAGES.filter((u) => !entry.usages.includes(u))) {
      assert.throws(() => usageFor(entry, usage), { name: 'ValidationException', message: `KeyUsage ${usage} is not compatible with KeySpec ${spec}` })
    }
  }
})

test('SM2 answers UnsupportedOperationException', () => {
  assert.throws(() => keySpecEntry('SM2'), { name: 'UnsupportedOperationException' })
})

test('only SYMMETRIC_DEFAULT rotates or has a default usage; asymmetric specs publish a public key', () => {
  for (const spec of SPECS) {
    const entry = keySpecEntry(spec)
    const symmetric = spec === 'SYMMETRIC_DEFAULT'
    assert.equal(entry.rotatable, symmetric, spec)
    assert.equal(entry.defaultUsage, symmetric ? 'ENCRYPT_DECRYPT' : undefined, spec)
    if (!symmetric) {
      assert.throws(() => usageFor(entry, undefined),
        { name: 'ValidationException', message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.' })
    }
    assert.equal(typeof entry.publicKey === 'function', !symmetric && !spec.startsWith('HMAC_'), spec)
  }
})

test('every signing spec x algorithm x message type round-trips; the rest are refused as AWS words it', async () => {
  const ALL: MessageType[] = ['RAW', 'DIGEST', 'EXTERNAL_MU']
  for (const spec of SPECS) {
    const entry = keySpecEntry(spec)
    const signing = entry.signing
    if (!signing) continue
    const material = await entry.generateMaterial()
    const publicKey = entry.publicKey!(material)
    for (const algorithm of signing.algorithms) {
      const digestBytes: number | undefined = signing.digestBytes(algorithm)
      for (const type of ALL) {
        const label = `${spec} ${algorithm} ${type}`
        const message: Buffer = randomBytes(type === 'RAW' ? 300 : digestBytes ?? 32)
        if (!signing.messageTypes(algorithm).includes(type)) {
          assert.throws(() => signing.sign(material, algorithm, message, type), { name: 'ValidationException' }, label)
          continue
        }
        const signature: Buffer = signing.sign(material, algorithm, message, type)
        assert.ok(signing.verify(publicKey, algorithm, message, type, signature), label)
        const tampered = Buffer.from(signature)
        tampered[tampered.length >> 1]! ^= 0x01
        assert.equal(signing.verify(publicKey, algorithm, message, type, tampered), false, label)
        assert.equal(signing.verify(publicKey, algorithm, randomBytes(message.length), type, signature), false, label)
        if (type !== 'RAW') {
          const short = message.subarray(1)
          const error = { name: 'ValidationException', message: `Digest is invalid length for algorithm ${algorithm}.` }
          assert.throws(() => signing.sign(material, algorithm, short, type), error, label)
          assert.throws(() => signing.verify(publicKey, algorithm, short, type, signature), error, label)
        }
      }
    }
    const foreign = spec.startsWith('ECC_NIST_P') ? 'RSASSA_PSS_SHA_256' : 'ECDSA_SHA_384'
    assert.throws(() => signing.sign(material, foreign, randomBytes(48), 'DIGEST'),
      { name: 'InvalidKeyUsageException', message: `Algorithm ${foreign} is incompatible with key spec ${spec}.` })
  }
})
