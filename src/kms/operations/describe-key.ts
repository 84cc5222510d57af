/** DescribeKey: metadata of a key named in any form, in any key state. */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { keyMetadata } from '../key-metadata.js'

export const describeKey: OperationHandler<'DescribeKey'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'DescribeKey', input, { aliases: true })
  return { KeyMetadata: keyMetadata(key) }
}
