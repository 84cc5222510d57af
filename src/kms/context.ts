/** What every KMS operation receives: the services it may use and who is calling. */
import type { OperationName, OperationTypes } from '../api/generated/kms-model.js'
import type { AuditLog } from '../audit/audit-log.js'
import type { RequestAudit } from '../audit/request-audit.js'
import type { IdentityDirectory } from '../auth/identity-directory.js'
import type { Principal } from '../auth/principal.js'
import type { Clock } from '../clock.js'
import type { KeyAuthzCache } from './authz/key-authz-cache.js'
import type { CryptoOffload } from './crypto-offload.js'
import type { GrantTokens } from './grants/grant-tokens.js'
import type { ImportSecrets } from './import/import-secrets.js'
import type { KeyRepository } from './key-repository.js'

export interface KmsContext {
  keys: KeyRepository
  clock: Clock
  /** The Region this Trent serves; ARNs and SigV4 scopes use it. */
  region: string
  /** Slow private-key operations (sign, verify, RSA decrypt) run through it, on worker threads. */
  crypto: CryptoOffload
  /** Import tokens, sealed wrapping keys and imported material ids (BYOK). */
  imports: ImportSecrets
  /** Mints and checks grant tokens (grants/grant-tokens.ts). */
  grantTokens: GrantTokens
  /** The audit trail; background jobs record their service events through it. */
  audit: AuditLog
  /** The caller's identity policies and which principals exist (auth/identity-directory.ts). */
  identities: IdentityDirectory
  /** Compiled key policies and key aliases, for the authorization step (authz/). */
  authz: KeyAuthzCache
}

export interface Caller {
  principal: Principal
  requestId: string
  /** This call's audit record: state-changing transactions commit it (audit.transact), resolveKey names keys in it. */
  audit: RequestAudit
  /** aws:SourceIp: the address the request came from. */
  sourceIp?: string
  /** aws:SecureTransport: whether the request arrived over TLS. */
  secureTransport: boolean
  /**
   * kms:ViaService: set only when a configured trusted service signed the request and named `principal`
   * as the user it acts for (api/via-service.ts); never from anything an unauthenticated party controls.
   */
  viaService?: string
}

export type OperationHandler<Op extends OperationName> =
  (ctx: KmsContext, caller: Caller, input: OperationTypes[Op]['input']) => Promise<OperationTypes[Op]['output']>
