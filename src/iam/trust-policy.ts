/**
 * Role trust policies. They are resource policies whose resource is the role itself, so AWS forbids a
 * Resource element in them ("Has prohibited field Resource"); the policy library, which requires one,
 * gets `"Resource": "*"` added to each statement before it compiles the document.
 */
import { parsePolicy, type CompiledPolicy } from '../policy/index.js'
import { MalformedPolicyDocument } from './errors.js'

export function compileTrustPolicy(document: string): CompiledPolicy {
  let value: unknown
  try { value = JSON.parse(document) } catch { throw new MalformedPolicyDocument('This policy contains invalid Json') }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedPolicyDocument('This policy contains invalid Json')
  const doc = value as Record<string, unknown>
  const statements = Array.isArray(doc['Statement']) ? doc['Statement'] : [doc['Statement']]
  const withResource = statements.map((s: unknown) => {
    if (typeof s !== 'object' || s === null) return s
    if ('Resource' in s || 'NotResource' in s) throw new MalformedPolicyDocument('Has prohibited field Resource')
    return { ...s, Resource: '*' }
  })
  const parsed = parsePolicy(JSON.stringify({ ...doc, Statement: withResource }), 'key')
  if (!parsed.ok) throw new MalformedPolicyDocument(parsed.message)
  return parsed.policy
}
