/**
 * Builds the condition-key context for one KMS request (pure: time, address and transport come in the
 * facts). Global `aws:` keys come from the caller and the transport, `kms:` keys from the operation's
 * table row in condition-keys.ts, key-property keys from the resolved key.
 */
import { keyResourceKeys, OPERATION_KEYS } from './condition-keys.js'
import { ConditionContext, type PutKey } from './context.js'
import type { RequestFacts } from './request-facts.js'

function putGlobalKeys(f: RequestFacts, put: PutKey): void {
  const p = f.principal
  // For a role session aws:PrincipalArn is the role's ARN, not the session's (IAM global keys).
  put('aws:PrincipalArn', p.roleArn ?? p.arn)
  put('aws:PrincipalAccount', p.accountId)
  put('aws:PrincipalType', p.type)
  put('aws:userid', p.userId)
  put('aws:username', p.type === 'User' ? p.userName : undefined)
  put('aws:SourceIp', f.sourceIp)
  put('aws:CurrentTime', f.now.toISOString())
  put('aws:EpochTime', String(Math.floor(f.now.getTime() / 1000)))
  put('aws:SecureTransport', String(f.secureTransport))
  put('aws:ViaAWSService', String(f.viaService !== undefined))
  const tags = p.tags ?? {}
  for (const tag of Object.keys(tags)) put(`aws:PrincipalTag/${tag}`, tags[tag])
}

/** aws:RequestTag/* and aws:TagKeys from the request's Tags (CreateKey, TagResource) or TagKeys. */
function putRequestTags(f: RequestFacts, put: PutKey): void {
  const tags = f.input['Tags']
  const untag = f.input['TagKeys']
  if (!Array.isArray(tags) && !Array.isArray(untag)) return
  const keys: string[] = []
  for (const t of (Array.isArray(tags) ? tags : []) as { TagKey?: unknown; TagValue?: unknown }[]) {
    if (typeof t.TagKey !== 'string') continue
    keys.push(t.TagKey)
    put(`aws:RequestTag/${t.TagKey}`, typeof t.TagValue === 'string' ? t.TagValue : '')
  }
  if (Array.isArray(untag)) keys.push(...untag.filter((k): k is string => typeof k === 'string'))
  if (keys.length > 0) put('aws:TagKeys', keys)
}

/** The condition context for one request. */
export function buildRequestContext(f: RequestFacts): ConditionContext {
  return ConditionContext.build((put) => {
    putGlobalKeys(f, put)
    keyResourceKeys(f, put)
    putRequestTags(f, put)
    for (const provider of OPERATION_KEYS[f.operation] ?? []) provider(f, put)
  })
}
