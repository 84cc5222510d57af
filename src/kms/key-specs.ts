/**
 * One registry entry per KeySpec: its usages, algorithms, and how its material is made. Callers get the
 * resolved entry; nothing outside this file switches on spec names. This core serves symmetric keys;
 * the other specs AWS defines are listed as not yet supported so callers get a precise answer.
 */
import { randomBytes } from 'node:crypto'
import type { EncryptionAlgorithmSpec, KeySpec, KeyUsageType } from '../api/generated/kms-model.js'
import { UnsupportedOperationException, ValidationException } from './errors.js'

export interface KeySpecEntry {
  readonly spec: KeySpec
  readonly usages: readonly KeyUsageType[]
  readonly defaultUsage: KeyUsageType
  readonly encryptionAlgorithms: readonly EncryptionAlgorithmSpec[]
  /** Automatic and on-demand rotation (AWS: symmetric encryption keys only). */
  readonly rotatable: boolean
  generateMaterial(): Buffer
}

const SYMMETRIC_DEFAULT: KeySpecEntry = {
  spec: 'SYMMETRIC_DEFAULT',
  usages: ['ENCRYPT_DECRYPT'],
  defaultUsage: 'ENCRYPT_DECRYPT',
  encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
  rotatable: true,
  generateMaterial: () => randomBytes(32),
}

const REGISTRY: Partial<Record<KeySpec, KeySpecEntry>> = { SYMMETRIC_DEFAULT }

export function keySpecEntry(spec: KeySpec): KeySpecEntry {
  const entry = REGISTRY[spec]
  if (!entry) throw new UnsupportedOperationException(`KeySpec ${spec} is not supported by this version of Trent. Supported: ${Object.keys(REGISTRY).join(', ')}.`)
  return entry
}

/** Checks the KeyUsage requested with a spec, as CreateKey does. */
export function usageFor(entry: KeySpecEntry, requested: KeyUsageType | undefined): KeyUsageType {
  const usage = requested ?? entry.defaultUsage
  if (!entry.usages.includes(usage)) {
    throw new ValidationException(`KeyUsage ${usage} is not compatible with KeySpec ${entry.spec}`)
  }
  return usage
}
