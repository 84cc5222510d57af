/**
 * The principal directory: resolves an access key id to its secret and Principal (account root, IAM
 * user, or assumed-role session), and a principal to its identity policies. Both are cached in
 * process and dropped on every IAM change the store's change feed announces (this node's commits at
 * once, other nodes' within the feed's delay), with a short lifetime as a backstop for lost notices.
 * A lookup that raced a change is not cached (generation check), so a stale answer cannot linger.
 */
import type { Clock } from '../clock.js'
import { accountExists } from '../iam/accounts.js'
import { getEntity, unsealSecret } from '../iam/entities.js'
import { groupsOf } from '../iam/groups.js'
import { policiesOf } from '../iam/inline-policies.js'
import { nameKey, type AccessKeyRecord, type InlinePolicyRecord, type RoleRecord, type SessionRecord, type UserRecord } from '../iam/records.js'
import type { Keyring } from '../keyring/keyring.js'
import { parsePolicy, type CompiledPolicy } from '../policy/index.js'
import type { Storage } from '../storage/types.js'
import type { Principal } from './principal.js'
import type { CredentialEntry } from './root-credentials.js'
import { rolePrincipal, rootPrincipal, userPrincipal } from './principal-shapes.js'

export interface PrincipalDirectoryDeps {
  store: Storage
  keyring: Keyring
  clock: Clock
  /** The configured default account's root credentials (kept in a setting, not in the IAM tables). */
  defaultRoot: CredentialEntry
  /** How long a cached answer may be used without a change notice. */
  cacheMs: number
}

interface Cached<T> { value: T; at: number }

export class PrincipalDirectory {
  private readonly credentials = new Map<string, Cached<CredentialEntry | undefined>>()
  private readonly policies = new Map<string, Cached<CompiledPolicy[]>>()
  private generation = 0

  constructor(private readonly deps: PrincipalDirectoryDeps) {
    deps.store.onChange((change) => {
      if (change.type !== 'iam') return
      this.generation++
      this.credentials.clear()
      this.policies.clear()
    })
  }

  get defaultAccountId(): string { return this.deps.defaultRoot.principal.accountId }

  /** The credential and principal of an access key id; undefined when unknown, inactive or deleted. */
  async resolve(accessKeyId: string): Promise<CredentialEntry | undefined> {
    if (accessKeyId === this.deps.defaultRoot.accessKeyId) return this.deps.defaultRoot
    return this.cached(this.credentials, accessKeyId, () => this.load(accessKeyId))
  }

  /** The compiled identity policies of a principal: a user's inline policies and its groups', a role session's role's. */
  async identityPolicies(principal: Principal): Promise<CompiledPolicy[]> {
    if (principal.type === 'Root') return []
    // Keyed by the unique id (AIDA..., or AROA...:session), never the ARN: a user deleted and created again
    // under the same name must not inherit the cached policies of the old one.
    return this.cached(this.policies, principal.principalId, async () => compile(await this.policyDocuments(principal)))
  }

  /** Whether an ARN names an existing principal: an account root, an IAM user or role (or a session of one). */
  async principalExists(arn: string): Promise<boolean> {
    const m = /^arn:aws:(iam|sts)::(\d{12}):(root|user\/(?:.*\/)?([^/]+)|role\/(?:.*\/)?([^/]+)|assumed-role\/([^/]+)\/[^/]+)$/.exec(arn)
    if (!m) return false
    const [, service, accountId, , user, role, sessionRole] = m as unknown as [string, string, string, string, string?, string?, string?]
    const r = this.deps.store.read
    if (service === 'sts') return sessionRole !== undefined && (await r.getIamEntity(accountId, 'role', nameKey(sessionRole))) !== undefined
    // The path is part of a user's or role's ARN: the whole ARN must be the stored one.
    if (user !== undefined) return (await getEntity<UserRecord>(r, accountId, 'user', nameKey(user)))?.arn === arn
    if (role !== undefined) return (await getEntity<RoleRecord>(r, accountId, 'role', nameKey(role)))?.arn === arn
    return accountId === this.defaultAccountId || accountExists(r, accountId)
  }

  private async cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const now = this.deps.clock.now()
    const hit = map.get(key)
    if (hit && now - hit.at < this.deps.cacheMs) return hit.value
    const generation = this.generation
    const value = await load()
    if (generation === this.generation) {
      if (map.size > 10_000) map.clear()
      map.set(key, { value, at: now })
    }
    return value
  }

  private async load(accessKeyId: string): Promise<CredentialEntry | undefined> {
    const r = this.deps.store.read
    if (accessKeyId.startsWith('ASIA')) {
      const e = await r.findIamEntity('session', accessKeyId)
      if (!e?.sealed) return undefined
      const session = JSON.parse(e.record) as SessionRecord
      const role = await r.getIamEntity(e.accountId, 'role', nameKey(session.roleName))
      const roleRecord = role && (JSON.parse(role.record) as RoleRecord)
      // A role deleted (or deleted and created again) ends its sessions.
      if (!roleRecord || roleRecord.roleId !== session.roleId) return undefined
      const secret = await unsealSecret(this.deps, 'session', accessKeyId, e.sealed)
      return { accessKeyId, ...secret, principal: rolePrincipal(e.accountId, roleRecord, session), expiresAt: session.expiresAt }
    }
    const e = await r.findIamEntity('access-key', accessKeyId)
    if (!e?.sealed) return undefined
    const key = JSON.parse(e.record) as AccessKeyRecord
    if (key.status !== 'Active') return undefined
    let principal: Principal
    if (key.userName === '') {
      if (!(await accountExists(r, e.accountId))) return undefined
      principal = rootPrincipal(e.accountId, accessKeyId)
    } else {
      const user = await getEntity<UserRecord>(r, e.accountId, 'user', nameKey(key.userName))
      // A key left by a deleted user never authenticates a later user of the same name (keys stored
      // before userId was recorded have none and are taken as the current user's).
      if (!user || (key.userId !== undefined && key.userId !== user.userId)) return undefined
      principal = userPrincipal(e.accountId, user, accessKeyId)
    }
    const { secretAccessKey } = await unsealSecret(this.deps, 'access-key', accessKeyId, e.sealed)
    return { accessKeyId, secretAccessKey, principal }
  }

  private async policyDocuments(p: Principal): Promise<InlinePolicyRecord[]> {
    const r = this.deps.store.read
    if (p.type === 'AssumedRole') {
      const roleName = p.sessionContext?.sessionIssuer.userName ?? ''
      return policiesOf(r, p.accountId, 'role', roleName)
    }
    const userName = p.userName ?? ''
    const groups = await groupsOf(r, p.accountId, userName)
    const all = await Promise.all([policiesOf(r, p.accountId, 'user', userName), ...groups.map((g) => policiesOf(r, p.accountId, 'group', g.groupName))])
    return all.flat()
  }
}

/** Stored documents were validated when put; one that no longer parses (a newer rule) grants nothing. */
function compile(docs: readonly InlinePolicyRecord[]): CompiledPolicy[] {
  const out: CompiledPolicy[] = []
  for (const d of docs) {
    const parsed = parsePolicy(d.document, 'identity')
    if (parsed.ok) out.push(parsed.policy)
  }
  return out
}
