/**
 * Applies a seed file at start, idempotently: absent accounts, principals, keys and aliases are created,
 * present ones must match (seed-principals.ts, seed-key.ts), so a second start changes nothing. Any
 * problem stops the start with a SeedError that names the entity. Accounts come first, then groups
 * (users join them), users and roles, then keys, so key policies in the same file can name principals.
 */
import type { KmsContext } from '../kms/context.js'
import { checkAliasName } from '../kms/aliases.js'
import { KmsException } from '../kms/errors.js'
import { NothingToChange, seedEvent } from './seed-event.js'
import { seedKey } from './seed-key.js'
import { seedAccount, seedGroup, seedRole, seedUser, type Outcome, type PrincipalSeeding } from './seed-principals.js'
import type { IamContext } from '../iam/entities.js'
import { readSeedFile, SeedError, type Seed, type SeedAlias } from './seed-file.js'

export interface SeedSummary { created: number; unchanged: number }

export async function applySeedFile(ctx: KmsContext, iam: IamContext, accountId: string, path: string): Promise<SeedSummary> {
  return applySeed(ctx, iam, accountId, readSeedFile(path))
}

export async function applySeed(ctx: KmsContext, iam: IamContext, accountId: string, seed: Seed): Promise<SeedSummary> {
  const summary: SeedSummary = { created: 0, unchanged: 0 }
  const s: PrincipalSeeding = { ctx, iam, defaultAccountId: accountId }
  const { users, groups, roles } = seed.principals
  const steps: Array<[string, () => Promise<Outcome>]> = [
    ...seed.accounts.map((a, i): [string, () => Promise<Outcome>] => [`accounts[${i}] (${a.accountId})`, () => seedAccount(s, a)]),
    ...groups.map((g, i): [string, () => Promise<Outcome>] => [`principals.groups[${i}] (${g.groupName})`, () => seedGroup(s, g)]),
    ...users.map((u, i): [string, () => Promise<Outcome>] => [`principals.users[${i}] (${u.userName})`, () => seedUser(s, u)]),
    ...roles.map((r, i): [string, () => Promise<Outcome>] => [`principals.roles[${i}] (${r.roleName})`, () => seedRole(s, r)]),
  ]
  for (const [what, step] of steps) summary[await described(what, step)]++
  for (const [i, key] of seed.keys.entries()) {
    const outcome = await described(`keys[${i}] (${key.keyId})`, () => seedKey(ctx, accountId, key))
    summary[outcome]++
  }
  for (const [i, alias] of seed.aliases.entries()) {
    const outcome = await described(`aliases[${i}] (${alias.name})`, () => seedAlias(ctx, accountId, alias))
    summary[outcome]++
  }
  return summary
}

async function seedAlias(ctx: KmsContext, accountId: string, alias: SeedAlias): Promise<'created' | 'unchanged'> {
  checkAliasName(alias.name, true)
  try {
    await seedEvent(ctx, 'CreateAlias').transact(ctx.keys.store, async (tx) => {
      const target = await tx.getKey(alias.keyId)
      if (!target || target.accountId !== accountId || target.region !== ctx.region) throw new SeedError(`its key ${alias.keyId} does not exist`)
      const existing = await tx.getAlias(accountId, ctx.region, alias.name)
      if (existing) {
        if (existing.targetKeyId === alias.keyId) throw new NothingToChange()
        throw new SeedError(`the alias exists and points at key ${existing.targetKeyId}, the seed says ${alias.keyId}. Trent never overwrites aliases from the seed file.`)
      }
      const now = ctx.clock.now()
      await tx.putAlias({ accountId, region: ctx.region, aliasName: alias.name, targetKeyId: alias.keyId, createdAt: now, updatedAt: now })
      return { result: undefined, key: target }
    })
    return 'created'
  } catch (err) {
    if (err instanceof NothingToChange) return 'unchanged'
    throw err
  } finally {
    ctx.keys.invalidateAlias(accountId, ctx.region, alias.name)
  }
}

/** Runs one seed step; its errors (seed or KMS rule) come back naming the step. */
async function described<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (err) {
    if (err instanceof SeedError || err instanceof KmsException) throw new SeedError(`seed file, ${what}: ${err.message}`)
    throw err
  }
}
