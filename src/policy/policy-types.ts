/** The compiled form of a policy document: what evaluation reads, built once by parse.ts. */
import type { CompiledCondition } from './conditions.js'
import type { ConditionContext } from './context.js'
import type { CompiledPrincipals } from './principal.js'

export type Effect = 'Allow' | 'Deny'

export interface CompiledStatement {
  readonly sid: string | undefined
  readonly effect: Effect
  /** Absent in identity policies, which apply to the principal they are attached to. */
  readonly principal: { readonly names: CompiledPrincipals; readonly negated: boolean } | undefined
  /** Matches a lower-cased action name (Action or NotAction). */
  readonly action: (action: string) => boolean
  /** Matches the resource (Resource or NotResource); policy variables resolve from the context. */
  readonly resource: (resource: string, ctx: ConditionContext) => boolean
  readonly conditions: readonly CompiledCondition[]
}

export interface CompiledPolicy {
  readonly version: '2012-10-17' | '2008-10-17'
  readonly id: string | undefined
  readonly statements: readonly CompiledStatement[]
}

/** What kind of policy a document is: key policies need principals, identity policies must not have one. */
export type PolicyKind = 'key' | 'identity'

/** A parse result the KMS layer turns into its exception (the name is the AWS exception to send). */
export type ParseResult =
  | { ok: true; policy: CompiledPolicy }
  | { ok: false; exception: 'MalformedPolicyDocumentException' | 'LimitExceededException'; message: string }
