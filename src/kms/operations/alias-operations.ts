/** CreateAlias, UpdateAlias and DeleteAlias. Aliases point at key ids, never at other aliases. */
import type { OperationHandler } from '../context.js'
import { aliasArn } from '../arns.js'
import { checkAliasName } from '../aliases.js'
import { AlreadyExistsException, ValidationException } from '../errors.js'
import { assertKeyState } from '../key-state.js'
import { aliasNotFound, keyNotFound } from '../not-found.js'
import { resolveKey } from '../resolve-key.js'

export const createAlias: OperationHandler<'CreateAlias'> = async (ctx, caller, input) => {
  checkAliasName(input.AliasName, true)
  const target = await resolveKey(ctx, caller, input.TargetKeyId, { aliases: false })
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
  const target = await resolveKey(ctx, caller, input.TargetKeyId, { aliases: false })
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
