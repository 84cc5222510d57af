/**
 * The symmetric operations floors B and D answer: Trent's own cryptography (per-request KBKDF key,
 * AES-256-GCM, the versioned blob) through src/kms/ciphertext.ts, with the key material in memory.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { decryptSymmetric, encryptSymmetric, parseCiphertext } from '../src/kms/ciphertext.js'
import { REGION } from './constants.js'
import type { FloorOperations } from './floor-server.js'

const DATA_KEY_BYTES = 32

interface Input { Plaintext?: string; CiphertextBlob?: string; EncryptionContext?: Record<string, string> }

/** Encrypt, Decrypt and GenerateDataKey under one fresh in-memory key. */
export function symmetricOperations(): FloorOperations<Input> {
  const keyId = randomUUID()
  const keyArn = `arn:aws:kms:${REGION}:000000000000:key/${keyId}`
  const materialId = randomBytes(32).toString('hex')
  const material = randomBytes(32)
  return {
    'TrentService.Encrypt': (input) => ({
      CiphertextBlob: encryptSymmetric(keyId, materialId, material, Buffer.from(input.Plaintext ?? '', 'base64'), input.EncryptionContext).toString('base64'),
      KeyId: keyArn,
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    }),
    'TrentService.Decrypt': (input) => {
      const parsed = parseCiphertext(Buffer.from(input.CiphertextBlob ?? '', 'base64'))
      return {
        KeyId: keyArn,
        Plaintext: decryptSymmetric(parsed, material, input.EncryptionContext).toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        KeyMaterialId: parsed.materialId,
      }
    },
    'TrentService.GenerateDataKey': (input) => {
      const plaintext = randomBytes(DATA_KEY_BYTES)
      return {
        CiphertextBlob: encryptSymmetric(keyId, materialId, material, plaintext, input.EncryptionContext).toString('base64'),
        Plaintext: plaintext.toString('base64'),
        KeyId: keyArn,
        KeyMaterialId: materialId,
      }
    },
  }
}
