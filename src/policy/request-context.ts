/**
 * Builds the condition-key context for one KMS request (pure: time, address and transport come in the
 * facts). Global `aws:` keys come from the caller and the transport, `kms:` keys from the operation's
 * table row in condition-keys.ts, key-property keys from the resolved key.
 */
import { keyResourceKeys, OPERATION_KEYS, type ConditionEntries } from './condition-keys.js'
import { ConditionContext } from './context.js'
import type { RequestFacts } from './request-facts.js'

function globalKeys(f: RequestFacts): ConditionEntries {
  const p = f.principal
  const out: ConditionEntries = {
    // For a role session aws:PrincipalArn is the role's ARN, not the session's (IAM global keys).
    'aws:PrincipalArn': p.roleArn ?? p.arn,
    'aws:PrincipalAccount': p.accountId,
    'aws:PrincipalType': p.type,
    'aws:userid': p.userId,
    'aws:username': p.type === 'User' ? p.userName : undefined,
    'aws:SourceIp': f.sourceIp,
    'aws:CurrentTime': f.now.toISOString(),
    'aws:EpochTime': String(Math.floor(f.now.getTime() / 1000)),
    'aws:SecureTransport': String(f.secureTransport),
    'aws:ViaAWSService': String(f.viaService !== undefined),
  }
  for (const [tag, value] of Object.entries(p.tags ?? {})) out[`aws:PrincipalTag/${tag}`] = value
  return out
}

/** aws:RequestTag/* and aws:TagKeys from the request's Tags (CreateKey, TagResource) or TagKeys. */
function requestTags(f: RequestFacts): ConditionEntries {
  const tags = f.input['Tags']
  const out: ConditionEntries = {}
  const keys: string[] = []
  if (Array.isArray(tags)) {
    for (const t of tags as { TagKey?: unknown; TagValue?: unknown }[]) {
      if (typeof t.TagKey !== 'string') continue
      keys.push(t.TagKey)
      out[`aws:RequestTag/${t.TagKey}`] = typeof t.TagValue === 'string' ? t.TagValue : ''
    }
  }
  const untag = f.input['TagKeys']
  if (Array.isArray(untag)) keys.push(...untag.filter((k): k is string => typeof k === 'string'))
  if (keys.length > 0) out['aws:TagKeys'] = keys
  return out
}

/** The condition context for one request. */
export function buildRequestContext(f: RequestFacts): ConditionContext {
  const entries: ConditionEntries = { ...globalKeys(f), ...keyResourceKeys(f), ...requestTags(f) }
  for (const provider of OPERATION_KEYS[f.operation] ?? []) Object.assign(entries, provider(f))
  return ConditionContext.of(entries)
}
