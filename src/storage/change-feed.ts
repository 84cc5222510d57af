/**
 * The in-process half of the storage change feed (see Storage.onChange): adapters collect the changes a
 * transaction makes, and announce them to listeners only once it has committed. The PostgreSQL adapter
 * also carries them between nodes as NOTIFY payloads, checked here on arrival.
 */
import { IAM_ENTITY_KINDS, type IamEntityKind } from './iam-entity.js'
import type { StoreChange } from './types.js'

export class ChangeListeners {
  private readonly listeners = new Set<(change: StoreChange) => void>()

  add(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change)
  }
}

/** The changes one transaction made, deduplicated, in the order first made. */
export class PendingChanges {
  private readonly byId = new Map<string, StoreChange>()

  key(keyId: string, deleted: boolean): void {
    const id = `k:${keyId}`
    const seen = this.byId.get(id)
    this.byId.set(id, { type: 'key', keyId, deleted: deleted || (seen?.type === 'key' && seen.deleted) })
  }

  alias(accountId: string, region: string, aliasName: string): void {
    this.byId.set(`a:${accountId}/${region}/${aliasName}`, { type: 'alias', accountId, region, aliasName })
  }

  iam(accountId: string, kind: IamEntityKind, name: string): void {
    this.byId.set(`i:${accountId}/${kind}/${name}`, { type: 'iam', accountId, kind, name })
  }

  grants(keyId: string): void {
    this.byId.set(`g:${keyId}`, { type: 'grants', keyId })
  }

  /** Returns the collected changes and starts over. */
  take(): StoreChange[] {
    const all = [...this.byId.values()]
    this.byId.clear()
    return all
  }
}

/** A change as received from elsewhere (a NOTIFY payload), or undefined if it is not one this version knows. */
export function asChange(value: unknown): StoreChange | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const c = value as Record<string, unknown>
  if (c['type'] === 'key' && typeof c['keyId'] === 'string' && typeof c['deleted'] === 'boolean') {
    return { type: 'key', keyId: c['keyId'], deleted: c['deleted'] }
  }
  if (c['type'] === 'alias' && typeof c['accountId'] === 'string' && typeof c['region'] === 'string' && typeof c['aliasName'] === 'string') {
    return { type: 'alias', accountId: c['accountId'], region: c['region'], aliasName: c['aliasName'] }
  }
  if (c['type'] === 'iam' && typeof c['accountId'] === 'string' && typeof c['name'] === 'string'
    && (IAM_ENTITY_KINDS as readonly unknown[]).includes(c['kind'])) {
    return { type: 'iam', accountId: c['accountId'], kind: c['kind'] as IamEntityKind, name: c['name'] }
  }
  if (c['type'] === 'grants' && typeof c['keyId'] === 'string') return { type: 'grants', keyId: c['keyId'] }
  return undefined
}
