/** TagResource, UntagResource and ListResourceTags on KMS keys. */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { assertKeyState } from '../key-state.js'
import { decodeOffsetMarker, page } from '../paging.js'
import { checkNewTags, mergeTags } from '../tags.js'

export const tagResource: OperationHandler<'TagResource'> = async (ctx, caller, input) => {
  checkNewTags(input.Tags)
  const target = await authorizedKey(ctx, caller, 'TagResource', input, { aliases: false })
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'manage')
    return { key: { ...key, tags: mergeTags(key.tags, input.Tags) }, result: {} }
  })
}

export const untagResource: OperationHandler<'UntagResource'> = async (ctx, caller, input) => {
  const target = await authorizedKey(ctx, caller, 'UntagResource', input, { aliases: false })
  const removed = new Set(input.TagKeys)
  return ctx.keys.update(caller.audit, target, async (key) => {
    assertKeyState(key, 'manage')
    return { key: { ...key, tags: key.tags.filter((t) => !removed.has(t.TagKey)) }, result: {} }
  })
}

export const listResourceTags: OperationHandler<'ListResourceTags'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'ListResourceTags', input, { aliases: false })
  const limit = Math.min(input.Limit ?? 50, 50)
  const list = `ListResourceTags/${key.keyId}`
  // Tags keep insertion order and can be removed between pages, so the marker is an offset.
  const start = decodeOffsetMarker(list, input.Marker)
  const { items, ...rest } = page(key.tags.slice(start, start + limit + 1), limit, list, () => String(start + limit))
  return { Tags: items, ...rest }
}
