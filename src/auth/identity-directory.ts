/**
 * What the authorization step asks about principals: their IAM identity policies, and whether a
 * principal a key policy names exists. Injected (KmsContext.identities) so the IAM principal directory
 * (auth/principal-directory.ts: account roots, IAM users, roles and their sessions) stays behind it.
 */
import type { CompiledPolicy } from '../policy/index.js'
import type { Principal } from './principal.js'

export interface IdentityDirectory {
  /** The caller's compiled identity policies (user, group, role policies); none for an account root. */
  identityPolicies(principal: Principal): Promise<CompiledPolicy[]>
  /** Whether an ARN names an existing principal (`arn:aws:iam::<acct>:root` for an account). */
  principalExists(arn: string): Promise<boolean>
}
