/** Shared fixtures for the policy tests: principals and a policy helper that fails loudly. */
import assert from 'node:assert/strict'
import { parsePolicy } from './parse.js'
import type { CompiledPolicy, PolicyKind } from './policy-types.js'
import type { PolicyPrincipal } from './principal.js'

export const ACCT = '111122223333'
export const OTHER = '444455556666'
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`

export const root = (account = ACCT): PolicyPrincipal =>
  ({ arn: `arn:aws:iam::${account}:root`, accountId: account, type: 'Account', userId: account })
export const user = (name: string, account = ACCT, tags: Record<string, string> = {}): PolicyPrincipal =>
  ({ arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, type: 'User', userId: `AIDA${name.toUpperCase()}`, userName: name, tags })
export const session = (role: string, name: string, account = ACCT): PolicyPrincipal => ({
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`, accountId: account, type: 'AssumedRole',
  userId: `AROA${role.toUpperCase()}:${name}`, roleArn: `arn:aws:iam::${account}:role/${role}`,
})

/** Compiles a policy given as an object (or text); throws with the parser's message when it is invalid. */
export function policy(doc: unknown, kind: PolicyKind = 'key'): CompiledPolicy {
  const r = parsePolicy(typeof doc === 'string' ? doc : JSON.stringify(doc), kind)
  assert.ok(r.ok, r.ok ? '' : r.message)
  return r.policy
}

/** A statement list wrapped in a 2012-10-17 document. */
export const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement })
