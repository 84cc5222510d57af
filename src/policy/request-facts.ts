/** What the request-context builder reads: the request, the key, the caller, the transport. */
import type { PolicyPrincipal } from './principal.js'

/** The key the operation acts on, as the condition keys describe it. */
export interface KeyFacts {
  arn: string
  /** KeySpec, e.g. SYMMETRIC_DEFAULT, RSA_2048, HMAC_256. */
  keySpec: string
  /** KeyUsage, e.g. ENCRYPT_DECRYPT, SIGN_VERIFY. */
  keyUsage: string
  /** Origin: AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE. */
  origin: string
  multiRegion?: boolean
  multiRegionKeyType?: 'PRIMARY' | 'REPLICA'
  /** Alias names attached to the key (`alias/...`). */
  aliases: readonly string[]
  tags: Readonly<Record<string, string>>
}

export interface RequestFacts {
  /** The KMS operation, e.g. `Encrypt`. */
  operation: string
  /** The IAM action being authorized when it differs from `kms:<operation>` (ReEncryptFrom / ReEncryptTo). */
  action?: string
  /** The validated request (the shapes of api/generated/kms-model.ts), with omitted members absent. */
  input: Readonly<Record<string, unknown>>
  principal: PolicyPrincipal
  /** The resolved key; absent for operations without a key (CreateKey, ListKeys, GenerateRandom, ...). */
  key?: KeyFacts
  /** The alias the request named in KeyId (alias name or alias ARN), if it named one. */
  requestAlias?: string
  /** Set only by a configured trusted service calling on a user's behalf (e.g. `gateway.example.com`). */
  viaService?: string
  /** For ReEncrypt: whether the source and destination keys are the same key. */
  reEncryptOnSameKey?: boolean
  sourceIp?: string
  secureTransport: boolean
  /** The request time, from the injected clock. */
  now: Date
}
