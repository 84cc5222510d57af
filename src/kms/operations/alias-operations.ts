/**
 * CreateAlias, UpdateAlias and DeleteAlias. Aliases point at key ids, never at other aliases. As in AWS,
 * each is authorized twice over: on the alias (an IAM resource, arn:aws:kms:<region>:<acct>:alias/<name>,
 * which only identity policies control) and on every key it touches (key policy and IAM).
 */
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import { authorizeOnKey, authorizeWithoutKey } from '../authz/authorize.js'
import { authorizedKey } from '../authz/authorized-key.js'
import { aliasArn } from '../arns.js'
import { checkAliasName } from '../aliases.js'
import { AlreadyExistsException, ValidationException } from '../errors.js'
import { assertKeyState } from '../key-state.js'
import { aliasNotFound, keyNotFound } from '../not-found.js'

/** The alias half: identity policies on the alias ARN. */
const authorizeAlias = (ctx: KmsContext, caller: Caller, operation: string, input: object, aliasName: string): Promise<void> =>
  authorizeWithoutKey(ctx, caller, operation, input, aliasArn(ctx.region, caller.principal.accountId, aliasName))

/** The key an existing alias points at now, authorized for `operation` (nothing when the alias does not exist). */
async function authorizeCurrentTarget(ctx: KmsContext, caller: Caller, operation: string, input: object, aliasName: string): Promise<void> {
  const keyId = await ctx.keys.aliasTarget(caller.principal.accountId, ctx.region, aliasName)
  const key = keyId === undefined ? undefined : await ctx.keys.get(keyId)
  if (key) await authorizeOnKey(ctx, caller, { operation, input, key })
}

export const createAlias: OperationHandler<'CreateAlias'> = async (ctx, caller, input) => {
  checkAliasName(input.AliasName, true)
  await authorizeAlias(ctx, caller, 'CreateAlias', input, input.AliasName)
  const target = await authorizedKey(ctx, caller, 'CreateAlias', input, { aliases: false, keyId: input.TargetKeyId })
  const { accountId } = caller.principal
  await caller.audit.transact(ctx.keys.store, async (tx) => {
    const key = await tx.getKey(target.keyId)
    if (!key) throw keyNotFound(target.arn)
    assertKeyState(key, 'manage')
    if (await tx.getAlias(accountId, ctx.region, input.AliasName)) {
      throw new AlreadyExistsException(`An alias with the name ${aliasArn(ctx.region, accountId, input.AliasName)} already exists`)
    }
    const now = ctx.clock.now()
    await tx.putAlias({ accountId, region: ctx.region, aliasName: input.AliasName, targetKeyId: key.keyId, createdAt: now, updatedAt: now })
    return { result: undefined, key }
  })
  ctx.keys.invalidateAlias(accountId, ctx.region, input.AliasName)
  return {}
}

export const updateAlias: OperationHandler<'UpdateAlias'> = async (ctx, caller, input) => {
  checkAliasName(input.AliasName, false)
  await authorizeAlias(ctx, caller, 'UpdateAlias', input, input.AliasName)
  const target = await authorizedKey(ctx, caller, 'UpdateAlias', input, { aliases: false, keyId: input.TargetKeyId })
  await authorizeCurrentTarget(ctx, caller, 'UpdateAlias', input, input.AliasName)
  const { accountId } = caller.principal
  await caller.audit.transact(ctx.keys.store, async (tx) => {
    const alias = await tx.getAlias(accountId, ctx.region, input.AliasName)
    if (!alias) throw aliasNotFound(aliasArn(ctx.region, accountId, input.AliasName))
    const [current, next] = [await tx.getKey(alias.targetKeyId), await tx.getKey(target.keyId)]
    if (!next) throw keyNotFound(target.arn)
    assertKeyState(next, 'manage')
    if (current && (current.keySpec !== next.keySpec || current.keyUsage !== next.keyUsage)) {
      throw new ValidationException(`Alias ${input.AliasName} cannot be changed from a key with key spec ${current.keySpec} and usage ${current.keyUsage} to a key with key spec ${next.keySpec} and usage ${next.keyUsage}. The current key and the new key must be of the same type and key usage.`)
    }
    await tx.putAlias({ ...alias, targetKeyId: next.keyId, updatedAt: ctx.clock.now() })
    return { result: undefined, key: next }
  })
  ctx.keys.invalidateAlias(accountId, ctx.region, input.AliasName)
  return {}
}

export const deleteAlias: OperationHandler<'DeleteAlias'> = async (ctx, caller, input) => {
  checkAliasName(input.AliasName, false)
  await authorizeAlias(ctx, caller, 'DeleteAlias', input, input.AliasName)
  await authorizeCurrentTarget(ctx, caller, 'DeleteAlias', input, input.AliasName)
  const { accountId } = caller.principal
  await caller.audit.transact(ctx.keys.store, async (tx) => {
    const alias = await tx.getAlias(accountId, ctx.region, input.AliasName)
    if (!alias) throw aliasNotFound(aliasArn(ctx.region, accountId, input.AliasName))
    await tx.deleteAlias(accountId, ctx.region, input.AliasName)
    return { result: undefined, key: await tx.getKey(alias.targetKeyId) }
  })
  ctx.keys.invalidateAlias(accountId, ctx.region, input.AliasName)
  return {}
}
