/**
 * What authorization needs about a key that is costly to rebuild per request: its compiled key policy
 * (parsing and compiling costs ~200 µs; evaluation a few µs) and, only for policies that mention
 * kms:ResourceAliases, the aliases that point at it. Compiled policies are cached by key id and
 * revision: the key record comes through KeyRepository (invalidated by this node's writes at once and
 * by the change feed for other nodes'), so a new revision compiles afresh and a stale policy can never
 * outlive the record it came from. Alias lists are dropped on every alias change the feed announces.
 */
import { parsePolicy, type CompiledPolicy } from '../../policy/index.js'
import type { Storage } from '../../storage/types.js'
import type { KeyRecord } from '../records.js'

const MAX_ENTRIES = 10_000
const ALIAS_PAGE = 100

/** A stored policy that no longer compiles (stored before enforcement) grants nothing through the key policy. */
const NOTHING: CompiledPolicy = { version: '2012-10-17', id: undefined, statements: [] }

export interface CompiledKeyPolicy {
  policy: CompiledPolicy
  /** False when the stored text did not compile (authorize.ts lets the account root repair it). */
  valid: boolean
  /** Whether any condition could read kms:ResourceAliases (so the alias list is worth loading). */
  readsAliases: boolean
}

export class KeyAuthzCache {
  private readonly policies = new Map<string, { revision: number; compiled: CompiledKeyPolicy }>()
  private readonly aliases = new Map<string, Promise<string[]>>()

  constructor(private readonly store: Storage) {
    store.onChange((change) => {
      if (change.type === 'alias') this.aliases.clear()
      else if (change.type === 'key' && change.deleted) this.policies.delete(change.keyId)
    })
  }

  policyOf(key: KeyRecord): CompiledKeyPolicy {
    const hit = this.policies.get(key.keyId)
    if (hit && hit.revision === key.revision) return hit.compiled
    const parsed = parsePolicy(key.policy, 'key')
    const compiled: CompiledKeyPolicy = {
      policy: parsed.ok ? parsed.policy : NOTHING,
      valid: parsed.ok,
      readsAliases: /kms:ResourceAliases/i.test(key.policy),
    }
    if (this.policies.size >= MAX_ENTRIES) this.policies.clear()
    this.policies.set(key.keyId, { revision: key.revision, compiled })
    return compiled
  }

  /** Alias names pointing at `key` (for kms:ResourceAliases). */
  aliasesOf(key: KeyRecord): Promise<string[]> {
    const hit = this.aliases.get(key.keyId)
    if (hit) return hit
    const loading = this.loadAliases(key)
    if (this.aliases.size >= MAX_ENTRIES) this.aliases.clear()
    this.aliases.set(key.keyId, loading)
    // A failed read is not remembered.
    loading.catch(() => this.aliases.delete(key.keyId))
    return loading
  }

  private async loadAliases(key: KeyRecord): Promise<string[]> {
    const names: string[] = []
    for (;;) {
      const last = names[names.length - 1]
      const page = await this.store.read.listAliases(key.accountId, key.region, {
        targetKeyId: key.keyId, ...(last !== undefined ? { afterName: last } : {}), limit: ALIAS_PAGE,
      })
      names.push(...page.map((a) => a.aliasName))
      if (page.length < ALIAS_PAGE) return names
    }
  }
}
