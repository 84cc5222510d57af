/**
 * Key resolution: one function turns every KeyId form AWS accepts (key id, key ARN, alias name,
 * alias ARN) into the key record, with AWS's NotFoundException messages.
 */
import { aliasArn, keyArn, parseKeyReference } from './arns.js'
import type { Caller, KmsContext } from './context.js'
import { InvalidArnException, NotFoundException } from './errors.js'
import { aliasNotFound, keyNotFound } from './not-found.js'
import type { KeyRecord } from './records.js'

export interface ResolveOptions {
  /** Whether alias names and alias ARNs are accepted (crypto operations and DescribeKey) or not. */
  aliases: boolean
}

export async function resolveKey(ctx: KmsContext, caller: Caller, value: string, opts: ResolveOptions): Promise<KeyRecord> {
  const key = await resolve(ctx, caller, value, opts)
  caller.audit.resource(key)
  return key
}

async function resolve(ctx: KmsContext, caller: Caller, value: string, opts: ResolveOptions): Promise<KeyRecord> {
  const ref = parseKeyReference(value)
  const account = caller.principal.accountId
  switch (ref.kind) {
    case 'keyId':
      return found(await ctx.keys.get(ref.keyId), account, ctx.region, ref.keyId)
    case 'keyArn':
      if (ref.region !== ctx.region) throw new NotFoundException(`Invalid arn ${ref.region}`)
      return found(await ctx.keys.get(ref.keyId), ref.accountId, ref.region, ref.keyId)
    case 'aliasName':
    case 'aliasArn': {
      if (!opts.aliases) {
        if (ref.kind === 'aliasArn') throw new InvalidArnException('Key Aliases are not supported for this operation.')
        throw invalidKeyId(value)
      }
      if (ref.kind === 'aliasArn' && ref.region !== ctx.region) throw new NotFoundException(`Invalid arn ${ref.region}`)
      const accountId = ref.kind === 'aliasArn' ? ref.accountId : account
      const target = await ctx.keys.aliasTarget(accountId, ctx.region, ref.aliasName)
      if (!target) throw aliasNotFound(aliasArn(ctx.region, accountId, ref.aliasName))
      return found(await ctx.keys.get(target), accountId, ctx.region, target)
    }
    case 'invalid':
      throw invalidKeyId(value)
  }
}

function found(key: KeyRecord | undefined, accountId: string, region: string, keyId: string): KeyRecord {
  if (!key || key.accountId !== accountId || key.region !== region) throw keyNotFound(keyArn(region, accountId, keyId))
  return key
}

const invalidKeyId = (value: string): NotFoundException => new NotFoundException(`Invalid keyId '${value}'`)
