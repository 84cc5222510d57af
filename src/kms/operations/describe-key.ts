/** DescribeKey: metadata of a key named in any form, in any key state. */
import type { OperationHandler } from '../context.js'
import { keyMetadata } from '../key-metadata.js'
import { resolveKey } from '../resolve-key.js'

export const describeKey: OperationHandler<'DescribeKey'> = async (ctx, caller, input) => {
  const key = await resolveKey(ctx, caller, input.KeyId, { aliases: true })
  return { KeyMetadata: keyMetadata(key) }
}
