/** Comparisons the seed's principals make against what is stored (seed-principals.ts). */
import { timingSafeEqual } from 'node:crypto'
import type { Credential } from '../api/sigv4.js'
import { unsealSecret, type IamContext } from '../iam/entities.js'
import type { IamEntityRecord } from '../storage/iam-entity.js'

/**
 * Whether two policy documents say the same: equal as parsed JSON (so a document written as YAML in the
 * seed matches the JSON text it was stored as), else equal as text.
 */
export function samePolicy(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b))
  } catch {
    return a === b
  }
}

/** Whether a stored access key holds this secret; the secret is compared, never shown. */
export async function sameSecret(iam: IamContext, stored: IamEntityRecord, given: Credential): Promise<boolean> {
  if (!stored.sealed) return false
  const { secretAccessKey } = await unsealSecret(iam, 'access-key', stored.name, stored.sealed)
  const a = Buffer.from(secretAccessKey, 'utf8')
  const b = Buffer.from(given.secretAccessKey, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
