/**
 * What the authorization step asks about principals: their IAM identity policies, and whether a
 * principal a key policy names exists. Injected (KmsContext.identities) so the IAM principal directory
 * can take over from the account-roots-only implementation below without touching the operations.
 */
import type { CompiledPolicy } from '../policy/index.js'
import type { Principal } from './principal.js'

export interface IdentityDirectory {
  /** The caller's compiled identity policies (user, group, role policies); none for an account root. */
  identityPolicies(principal: Principal): Promise<CompiledPolicy[]>
  /** Whether an ARN names an existing principal (`arn:aws:iam::<acct>:root` for an account). */
  principalExists(arn: string): Promise<boolean>
}

const ROOT_ARN = /^arn:aws:iam::(\d{12}):root$/

/**
 * Account roots only: every known account's root exists, and a root has no identity policies (the
 * policy library treats a root as allowed by identity for everything in its own account, as AWS does).
 */
export class AccountRootDirectory implements IdentityDirectory {
  private readonly accounts: ReadonlySet<string>

  constructor(accounts: readonly string[]) {
    this.accounts = new Set(accounts)
  }

  async identityPolicies(): Promise<CompiledPolicy[]> {
    return []
  }

  /** The root principal an ARN names, acting through `signer`'s credentials (kms:ViaService requests). */
  async rootPrincipalOf(arn: string, signer: Principal): Promise<Principal | undefined> {
    const m = ROOT_ARN.exec(arn)
    if (!m || !this.accounts.has(m[1]!)) return undefined
    return { accountId: m[1]!, arn, type: 'Root', accessKeyId: signer.accessKeyId }
  }

  async principalExists(arn: string): Promise<boolean> {
    const m = ROOT_ARN.exec(arn)
    return m !== null && this.accounts.has(m[1]!)
  }
}
