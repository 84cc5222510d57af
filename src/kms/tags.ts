/** Tag rules for KMS keys: at most 50, no duplicate keys, and the reserved `aws:` prefix. */
import type { Tag } from '../api/generated/kms-model.js'
import { TagException } from './errors.js'

export const MAX_TAGS_PER_KEY = 50

export function checkNewTags(tags: readonly Tag[]): void {
  if (tags.length > MAX_TAGS_PER_KEY) throw new TagException('Too many tags')
  const seen = new Set<string>()
  for (const tag of tags) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) throw new TagException('Tags beginning with aws: are reserved')
    if (seen.has(tag.TagKey)) throw new TagException('Duplicate tag keys')
    seen.add(tag.TagKey)
  }
}

/** Adds or replaces tags, keeping the order in which keys were first added. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.TagKey, t.TagValue]))
  for (const t of added) merged.set(t.TagKey, t.TagValue)
  if (merged.size > MAX_TAGS_PER_KEY) throw new TagException('Too many tags')
  return [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }))
}
