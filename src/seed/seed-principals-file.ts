/**
 * The seed file's `accounts` and `principals` sections: accounts with fixed root credentials, and IAM
 * users (with fixed access keys, inline policies, groups), groups and roles, so tests can sign with
 * known credentials from the first request. Only the shape is checked here; IAM's own rules (names,
 * paths, policy grammar) are applied by the IAM domain functions when seed-principals.ts creates them.
 */
import type { Credential } from '../api/sigv4.js'
import { SeedError } from './seed-error.js'
import { known, list, object, policyText, string } from './seed-shape.js'

export interface SeedAccount { accountId: string; rootCredentials?: Credential }
/** Inline policies by name, each as JSON text. */
export type SeedPolicies = Record<string, string>
export interface SeedUser { accountId?: string; userName: string; path?: string; accessKeys: Credential[]; policies: SeedPolicies; groups: string[] }
export interface SeedGroup { accountId?: string; groupName: string; path?: string; policies: SeedPolicies }
export interface SeedRole { accountId?: string; roleName: string; path?: string; assumeRolePolicyDocument: string; policies: SeedPolicies }
export interface SeedPrincipals { users: SeedUser[]; groups: SeedGroup[]; roles: SeedRole[] }

/** Trent's credential rules (auth/root-credentials.ts generateCredential): AKIA + 16 characters, a 40-character secret. */
const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/
const SECRET = /^[A-Za-z0-9+/]{40}$/

export function checkAccounts(value: unknown): SeedAccount[] {
  const accounts = list(value, 'accounts').map((a, i) => {
    const at = `accounts[${i}]`
    const account = object(a, at)
    known(account, ['accountId', 'rootCredentials'], at)
    const accountId = string(account['accountId'], `${at}.accountId`)
    if (!/^\d{12}$/.test(accountId)) throw new SeedError(`${at}.accountId '${accountId}' must be 12 digits`)
    return { accountId, ...(account['rootCredentials'] !== undefined ? { rootCredentials: credential(account['rootCredentials'], `${at}.rootCredentials`) } : {}) }
  })
  unique(accounts.map((a) => a.accountId), 'account')
  return accounts
}

export function checkPrincipals(value: unknown): SeedPrincipals {
  if (value === undefined || value === null) return { users: [], groups: [], roles: [] }
  const root = object(value, 'principals')
  known(root, ['users', 'groups', 'roles'], 'principals')
  const users = list(root['users'], 'principals.users').map((u, i) => checkUser(u, `principals.users[${i}]`))
  const groups = list(root['groups'], 'principals.groups').map((g, i) => {
    const at = `principals.groups[${i}]`
    const group = object(g, at)
    known(group, ['accountId', 'groupName', 'path', 'policies'], at)
    return { ...owner(group, at), groupName: string(group['groupName'], `${at}.groupName`), policies: policies(group['policies'], `${at}.policies`) }
  })
  const roles = list(root['roles'], 'principals.roles').map((r, i) => {
    const at = `principals.roles[${i}]`
    const role = object(r, at)
    known(role, ['accountId', 'roleName', 'path', 'assumeRolePolicyDocument', 'policies'], at)
    if (role['assumeRolePolicyDocument'] === undefined) throw new SeedError(`${at}.assumeRolePolicyDocument is required`)
    return {
      ...owner(role, at), roleName: string(role['roleName'], `${at}.roleName`),
      assumeRolePolicyDocument: policyText(role['assumeRolePolicyDocument'], `${at}.assumeRolePolicyDocument`), policies: policies(role['policies'], `${at}.policies`),
    }
  })
  // IAM names are unique per account case-insensitively; access key ids are unique everywhere.
  const scoped = (accountId: string | undefined, name: string) => `${accountId ?? 'default account'} ${name.toLowerCase()}`
  unique(users.map((u) => scoped(u.accountId, u.userName)), 'user')
  unique(groups.map((g) => scoped(g.accountId, g.groupName)), 'group')
  unique(roles.map((r) => scoped(r.accountId, r.roleName)), 'role')
  unique(users.flatMap((u) => u.accessKeys.map((k) => k.accessKeyId)), 'access key')
  return { users, groups, roles }
}

function checkUser(value: unknown, at: string): SeedUser {
  const user = object(value, at)
  known(user, ['accountId', 'userName', 'path', 'accessKeys', 'policies', 'groups'], at)
  const accessKeys = list(user['accessKeys'], `${at}.accessKeys`).map((k, i) => credential(k, `${at}.accessKeys[${i}]`))
  // AWS's AccessKeysPerUser quota, which CreateAccessKey enforces too; failing here names the user before anything is written.
  if (accessKeys.length > 2) throw new SeedError(`${at}.accessKeys: a user has at most 2 access keys`)
  return {
    ...owner(user, at), userName: string(user['userName'], `${at}.userName`), accessKeys,
    policies: policies(user['policies'], `${at}.policies`), groups: list(user['groups'], `${at}.groups`).map((g, i) => string(g, `${at}.groups[${i}]`)),
  }
}

function owner(value: Record<string, unknown>, at: string): { accountId?: string; path?: string } {
  const out: { accountId?: string; path?: string } = {}
  if (value['accountId'] !== undefined) {
    out.accountId = string(value['accountId'], `${at}.accountId`)
    if (!/^\d{12}$/.test(out.accountId)) throw new SeedError(`${at}.accountId '${out.accountId}' must be 12 digits`)
  }
  if (value['path'] !== undefined) out.path = string(value['path'], `${at}.path`)
  return out
}

function policies(value: unknown, at: string): SeedPolicies {
  if (value === undefined || value === null) return {}
  return Object.fromEntries(Object.entries(object(value, at)).map(([name, doc]) => [name, policyText(doc, `${at}.${name}`)]))
}

function credential(value: unknown, at: string): Credential {
  const c = object(value, at)
  known(c, ['accessKeyId', 'secretAccessKey'], at)
  const accessKeyId = string(c['accessKeyId'], `${at}.accessKeyId`)
  const secretAccessKey = string(c['secretAccessKey'], `${at}.secretAccessKey`)
  if (!ACCESS_KEY_ID.test(accessKeyId)) throw new SeedError(`${at}.accessKeyId '${accessKeyId}' must be AKIA and 16 upper-case letters or digits`)
  // The secret itself is never repeated in a message.
  if (!SECRET.test(secretAccessKey)) throw new SeedError(`${at}.secretAccessKey must be 40 characters of A-Z, a-z, 0-9, + and /`)
  return { accessKeyId, secretAccessKey }
}

function unique(names: string[], what: string): void {
  const seen = new Set<string>()
  for (const n of names) {
    if (seen.has(n)) throw new SeedError(`seed file: ${what} ${n} is declared twice`)
    seen.add(n)
  }
}
