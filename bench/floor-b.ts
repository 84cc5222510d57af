/**
 * Floor B: the most any Encrypt on this stack can do. A minimal node:http handler that verifies the
 * SigV4 signature with Trent's own SigV4Verifier and performs Trent's own cryptography (per-request
 * KBKDF key, AES-256-GCM, the versioned blob) through src/kms/ciphertext.ts, with the key material in
 * memory. Deliberately absent: input validation, key lookup and storage, key state, policy, audit,
 * request logging, the request id and Date headers Trent sets itself.
 *
 *   node dist/bench/floor-b.js --port 4602
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { decryptSymmetric, encryptSymmetric, parseCiphertext } from '../src/kms/ciphertext.js'
import { REGION } from './constants.js'
import { serveFloor, type FloorOperations } from './floor-server.js'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port)

const KEY_ID = randomUUID()
const KEY_ARN = `arn:aws:kms:${REGION}:000000000000:key/${KEY_ID}`
const MATERIAL_ID = randomBytes(32).toString('hex')
const MATERIAL = randomBytes(32)
const DATA_KEY_BYTES = 32

interface Input { Plaintext?: string; CiphertextBlob?: string; EncryptionContext?: Record<string, string> }

const OPERATIONS: FloorOperations<Input> = {
  'TrentService.Encrypt': (input) => ({
    CiphertextBlob: encryptSymmetric(KEY_ID, MATERIAL_ID, MATERIAL, Buffer.from(input.Plaintext ?? '', 'base64'), input.EncryptionContext).toString('base64'),
    KeyId: KEY_ARN,
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  }),
  'TrentService.Decrypt': (input) => {
    const parsed = parseCiphertext(Buffer.from(input.CiphertextBlob ?? '', 'base64'))
    return {
      KeyId: KEY_ARN,
      Plaintext: decryptSymmetric(parsed, MATERIAL, input.EncryptionContext).toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      KeyMaterialId: parsed.materialId,
    }
  },
  'TrentService.GenerateDataKey': (input) => {
    const plaintext = randomBytes(DATA_KEY_BYTES)
    return {
      CiphertextBlob: encryptSymmetric(KEY_ID, MATERIAL_ID, MATERIAL, plaintext, input.EncryptionContext).toString('base64'),
      Plaintext: plaintext.toString('base64'),
      KeyId: KEY_ARN,
      KeyMaterialId: MATERIAL_ID,
    }
  },
}

serveFloor('floor-b', port, OPERATIONS)
