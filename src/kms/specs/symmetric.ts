/** SYMMETRIC_DEFAULT: 256-bit material; encryption through the ciphertext format of ../ciphertext.ts. */
import { randomBytes } from 'node:crypto'
import type { KeySpecEntry } from '../key-specs.js'
import { rawImport } from './importing.js'

export const SYMMETRIC_DEFAULT: KeySpecEntry = {
  spec: 'SYMMETRIC_DEFAULT',
  usages: ['ENCRYPT_DECRYPT'],
  defaultUsage: 'ENCRYPT_DECRYPT',
  rotatable: true,
  generateMaterial: async () => randomBytes(32),
  encryption: { algorithms: ['SYMMETRIC_DEFAULT'] },
  importing: rawImport(32, 32),
}
