/**
 * One seeded key: created when absent (with the seed's material imported, never expiring, so it shows
 * Origin EXTERNAL as AWS shows imported keys), compared when present. Only what the seed states is
 * compared, plus the key's kind (spec, usage, origin) and material; any difference is a conflict,
 * reported and never overwritten.
 */
import { pemToPkcs8 } from '../crypto/pkcs8.js'
import type { KmsContext } from '../kms/context.js'
import { placeImportedMaterial } from '../kms/import/place-material.js'
import { importingOf } from '../kms/import/wrapping.js'
import { keySpecEntry, usageFor, type KeySpecEntry } from '../kms/key-specs.js'
import { newKeyRecord, storeNewKey } from '../kms/new-key.js'
import { checkKeyPolicy } from '../kms/policy-document.js'
import type { KeyRecord, RotationSettings } from '../kms/records.js'
import { assertRotatable, DAY_MS, DEFAULT_ROTATION_PERIOD_DAYS } from '../kms/rotation.js'
import { checkNewTags } from '../kms/tags.js'
import { seedEvent } from './seed-event.js'
import { SeedError, type SeedKey } from './seed-file.js'

export type SeedOutcome = 'created' | 'unchanged'

export async function seedKey(ctx: KmsContext, accountId: string, seed: SeedKey): Promise<SeedOutcome> {
  const entry = keySpecEntry(seed.keySpec)
  const keyUsage = usageFor(entry, seed.keyUsage)
  const material = seed.material === undefined ? undefined : decodeMaterial(entry, seed.material)
  // The seed has no caller, so no lockout check; the policy must still compile and name existing principals.
  if (seed.policy !== undefined) await checkKeyPolicy(ctx.identities, seed.policy)
  checkNewTags(seed.tags ?? [])
  const origin = material ? 'EXTERNAL' : 'AWS_KMS'
  const existing = await ctx.keys.store.read.getKey(seed.keyId)
  if (existing) {
    const conflicts = differences(existing, seed, { spec: entry.spec, keyUsage, origin, accountId, region: ctx.region })
    if (material && conflicts.length === 0) {
      const id = await ctx.imports.materialId(seed.keyId, material)
      const materials = await ctx.keys.store.read.listMaterials(seed.keyId)
      // No material yet: a start stopped between creating the key and importing; finish it.
      if (materials.length === 0) {
        await placeImportedMaterial(ctx, seedEvent(ctx, 'ImportKeyMaterial'), existing, { material, expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
        return 'created'
      }
      if (!materials.some((m) => m.materialId === id)) conflicts.push('its key material is not the material in the seed')
    }
    if (conflicts.length > 0) {
      throw new SeedError(`seed file conflicts with existing key ${seed.keyId}: ${conflicts.join('; ')}. Trent never overwrites keys from the seed file: change the seed file or delete the key.`)
    }
    return 'unchanged'
  }
  const record = newKeyRecord(ctx, {
    keyId: seed.keyId, accountId, entry, keyUsage, origin, description: seed.description ?? '', tags: seed.tags ?? [],
    ...(seed.policy !== undefined ? { policy: seed.policy } : {}),
  })
  if (seed.rotation?.enabled) {
    assertRotatable(record)
    record.rotation = scheduledRotation(ctx.clock.now(), seed.rotation.periodInDays)
  }
  const stored = await storeNewKey(ctx, seedEvent(ctx, 'CreateKey'), record, entry)
  if (material) await placeImportedMaterial(ctx, seedEvent(ctx, 'ImportKeyMaterial'), stored, { material, expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
  material?.fill(0)
  return 'created'
}

/** base64 bytes for raw-material specs, or a PEM private key; the spec's own import check decides. */
function decodeMaterial(entry: KeySpecEntry, text: string): Buffer {
  const importing = importingOf(entry)
  const bytes = text.trimStart().startsWith('-----BEGIN') ? pemToPkcs8(text) : Buffer.from(text, 'base64')
  if (!bytes) throw new SeedError(`material is not a PEM private key that OpenSSL can read`)
  const parsed = importing.parse(bytes)
  bytes.fill(0)
  if ('problem' in parsed) throw new SeedError(`material for key spec ${entry.spec} ${parsed.problem}${text.includes('-----BEGIN') ? '' : ' (base64)'}`)
  return parsed.material
}

function scheduledRotation(now: number, periodInDays = DEFAULT_ROTATION_PERIOD_DAYS): RotationSettings {
  return { enabled: true, periodInDays, anchorAt: now, nextRotationAt: now + periodInDays * DAY_MS, onDemandCount: 0 }
}

interface Kind { spec: string; keyUsage: string; origin: string; accountId: string; region: string }

function differences(key: KeyRecord, seed: SeedKey, want: Kind): string[] {
  const out: string[] = []
  const differ = (what: string, has: unknown, wants: unknown) => { if (has !== wants) out.push(`its ${what} is ${JSON.stringify(has)}, the seed says ${JSON.stringify(wants)}`) }
  differ('account', key.accountId, want.accountId)
  differ('Region', key.region, want.region)
  differ('key spec', key.keySpec, want.spec)
  differ('key usage', key.keyUsage, want.keyUsage)
  differ('origin', key.origin, want.origin)
  if (seed.description !== undefined) differ('description', key.description, seed.description)
  if (seed.policy !== undefined && key.policy !== seed.policy) out.push('its key policy differs from the seed')
  if (seed.tags !== undefined) differ('tags', canonicalTags(key.tags), canonicalTags(seed.tags))
  if (seed.rotation !== undefined) {
    differ('automatic rotation', key.rotation.enabled, seed.rotation.enabled)
    if (seed.rotation.enabled && key.rotation.enabled) differ('rotation period', key.rotation.periodInDays, seed.rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS)
  }
  return out
}

const canonicalTags = (tags: ReadonlyArray<{ TagKey: string; TagValue: string }>): string =>
  tags.map((t) => `${t.TagKey}=${t.TagValue}`).sort().join(', ')
