/**
 * Every wrapping algorithm with every wrapping key size, done as AWS's guide tells users to do it with
 * the openssl CLI, then proof that Trent holds exactly the material we have: GenerateMac equals
 * `openssl dgst -mac HMAC`; Sign verifies under the public key openssl derives from our private key (and
 * GetPublicKey returns that key); symmetric material round-trips and re-imports as the same material,
 * while other material is refused. One key per spec is re-imported across the matrix.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import {
  DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateMacCommand, GetParametersForImportCommand, GetPublicKeyCommand, SignCommand,
  type AlgorithmSpec, type KMSClient, type SigningAlgorithmSpec, type WrappingKeySpec,
} from '@aws-sdk/client-kms'
import { rejectsWith } from '../support/kms-assert.js'
import { TrentProcess } from '../support/server.js'
import { openssl, pemOf } from './asymmetric-helpers.js'
import { createExternalKey, importWithOpenssl, opensslKeyPair } from './import-helpers.js'

let trent: TrentProcess
let kms: KMSClient

interface Subject { name: string; keyId: string; material: Buffer; prove(): Promise<void> }
const subjects: Record<string, Subject> = {}

async function signingSubject(name: string, spec: 'RSA_2048' | 'ECC_NIST_P256', genpkey: string[], algorithm: SigningAlgorithmSpec): Promise<Subject> {
  const key = await createExternalKey(kms, spec, 'SIGN_VERIFY')
  const { pkcs8, publicPem } = opensslKeyPair(genpkey)
  return {
    name, keyId: key.KeyId!, material: pkcs8,
    async prove() {
      const message = randomBytes(100)
      const signature = (await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: algorithm }))).Signature!
      openssl({ 'pub.pem': publicPem, msg: message, sig: Buffer.from(signature) }, [['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig', 'msg']])
      assert.equal(pemOf((await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }))).PublicKey!).toString(), publicPem.toString())
    },
  }
}

before(async () => {
  trent = await TrentProcess.start()
  kms = trent.client()
  const hmacKey = randomBytes(32)
  const hmac = await createExternalKey(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC')
  subjects['HMAC_256'] = {
    name: 'HMAC_256', keyId: hmac.KeyId!, material: hmacKey,
    async prove() {
      const message = randomBytes(64)
      const mac = (await kms.send(new GenerateMacCommand({ KeyId: hmac.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' }))).Mac!
      const local = openssl({ msg: message }, [['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hmacKey.toString('hex')}`, '-binary', '-out', 'mac', 'msg']], ['mac'])
      assert.deepEqual(Buffer.from(mac), local['mac'])
    },
  }
  const symmetric = await createExternalKey(kms)
  const before = { blob: undefined as Uint8Array | undefined }
  subjects['SYMMETRIC_DEFAULT'] = {
    name: 'SYMMETRIC_DEFAULT', keyId: symmetric.KeyId!, material: randomBytes(32),
    async prove() {
      const plaintext = randomBytes(50)
      const blob = (await kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: plaintext }))).CiphertextBlob!
      assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!), plaintext)
      // Every re-import is of the same material, so what the first import encrypted still decrypts.
      before.blob ??= blob
      await kms.send(new DecryptCommand({ CiphertextBlob: before.blob }))
    },
  }
  subjects['RSA_2048'] = await signingSubject('RSA_2048', 'RSA_2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSASSA_PKCS1_V1_5_SHA_256')
  subjects['ECC_NIST_P256'] = await signingSubject('ECC_NIST_P256', 'ECC_NIST_P256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'ECDSA_SHA_256')
})
after(async () => { await trent.dispose() })

const ALGORITHMS: AlgorithmSpec[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256']
const SIZES: WrappingKeySpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096']
// RSAES_OAEP cannot carry an RSA private key (AWS), so RSA keys go through the RSA_AES cells only.
const OAEP_SUBJECTS = ['SYMMETRIC_DEFAULT', 'HMAC_256', 'ECC_NIST_P256']
const AES_SUBJECTS = ['RSA_2048', 'SYMMETRIC_DEFAULT', 'ECC_NIST_P256']

let cell = 0
for (const algorithm of ALGORITHMS) {
  for (const size of SIZES) {
    const pool = algorithm.startsWith('RSAES') ? OAEP_SUBJECTS : AES_SUBJECTS
    const name = pool[cell++ % pool.length]!
    test(`${algorithm} with ${size}: openssl wraps ${name} material, Trent imports it and agrees with openssl`, async () => {
      const subject = subjects[name]!
      await importWithOpenssl(kms, subject.keyId, subject.material, { algorithm, wrappingKeySpec: size })
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: subject.keyId }))).KeyMetadata!
      assert.equal(meta.KeyState, 'Enabled')
      assert.equal(meta.Origin, 'EXTERNAL')
      assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE')
      await subject.prove()
    })
  }
}

test('other material than the key had is IncorrectKeyMaterialException, for every kind of key', async () => {
  const others: Record<string, Buffer> = {
    SYMMETRIC_DEFAULT: randomBytes(32), HMAC_256: randomBytes(32),
    ECC_NIST_P256: opensslKeyPair(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).pkcs8,
  }
  for (const [name, material] of Object.entries(others)) {
    await rejectsWith(importWithOpenssl(kms, subjects[name]!.keyId, material, { algorithm: 'RSAES_OAEP_SHA_256' }), {
      name: 'IncorrectKeyMaterialException', message: 'The key material in the request is not the same key material that was previously imported into this KMS key.',
    })
    await subjects[name]!.prove()
  }
})

test('RSAES_OAEP cannot wrap RSA private keys, nor P-521 keys under RSA_2048 (AWS rules)', async () => {
  await rejectsWith(kms.send(new GetParametersForImportCommand({ KeyId: subjects['RSA_2048']!.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' })), {
    name: 'ValidationException', message: 'WrappingAlgorithm RSAES_OAEP_SHA_256 with WrappingKeySpec RSA_4096 cannot wrap RSA_2048 key material. Use an RSA_AES_KEY_WRAP wrapping algorithm.',
  })
  const p521 = await createExternalKey(kms, 'ECC_NIST_P521', 'SIGN_VERIFY')
  await rejectsWith(kms.send(new GetParametersForImportCommand({ KeyId: p521.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })), {
    name: 'ValidationException', message: 'WrappingAlgorithm RSAES_OAEP_SHA_1 with WrappingKeySpec RSA_2048 cannot wrap ECC_NIST_P521 key material. Use an RSA_AES_KEY_WRAP wrapping algorithm or a longer wrapping key.',
  })
  const params = await kms.send(new GetParametersForImportCommand({ KeyId: p521.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' }))
  assert.equal(params.PublicKey!.length > 0, true)
})

test('Ed25519 and P-521 material imports too; openssl verifies the signatures under its own public key', async () => {
  const cases = [
    { spec: 'ECC_NIST_EDWARDS25519', genpkey: ['-algorithm', 'ED25519'], algorithm: 'ED25519_SHA_512', wrapping: 'RSA_2048' },
    { spec: 'ECC_NIST_P521', genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], algorithm: 'ECDSA_SHA_512', wrapping: 'RSA_3072' },
  ] as const
  for (const c of cases) {
    const key = await createExternalKey(kms, c.spec, 'SIGN_VERIFY')
    const { pkcs8, publicPem } = opensslKeyPair([...c.genpkey])
    await importWithOpenssl(kms, key.KeyId!, pkcs8, { algorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: c.wrapping })
    const message = randomBytes(64)
    const signature = Buffer.from((await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: c.algorithm }))).Signature!)
    const verify = c.spec === 'ECC_NIST_EDWARDS25519'
      ? ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg', '-sigfile', 'sig']
      : ['dgst', '-sha512', '-verify', 'pub.pem', '-signature', 'sig', 'msg']
    openssl({ 'pub.pem': publicPem, msg: message, sig: signature }, [verify])
  }
})
