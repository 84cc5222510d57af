/**
 * How the storage port holds principals: every IAM entity is one row keyed by (account, kind, name),
 * with its JSON record, the name of what it belongs to (`owner`: the user of an access key, the
 * `user/<name>` of an inline policy) and, for secrets, a value sealed by the keyring.
 */
export const IAM_ENTITY_KINDS = ['account', 'user', 'role', 'group', 'access-key', 'policy', 'membership', 'session'] as const
export type IamEntityKind = (typeof IAM_ENTITY_KINDS)[number]

export interface IamEntityRecord {
  accountId: string
  kind: IamEntityKind
  name: string
  /** What the entity belongs to, '' for none. */
  owner: string
  /** The entity's JSON record (no secrets). */
  record: string
  /** Secrets (secret access keys, session tokens), sealed by the keyring; null when there are none. */
  sealed: Buffer | null
  /** When the background job may remove the entity (STS sessions, a day after they expire); null: never. */
  purgeAt: number | null
}

export interface IamEntityRow { account_id: string; kind: string; name: string; owner: string; record: string; sealed: Buffer | null; purge_at: number | string | null }

export const toIamEntity = (r: IamEntityRow): IamEntityRecord => ({
  accountId: r.account_id, kind: r.kind as IamEntityKind, name: r.name, owner: r.owner, record: r.record, sealed: r.sealed,
  purgeAt: r.purge_at === null ? null : Number(r.purge_at),
})
