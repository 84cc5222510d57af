/**
 * Structural checks on a key policy document before it is stored. Evaluation (and full validation of
 * the IAM policy language) belongs to policy/; until it lands, this rejects what can never be a policy.
 */
import { LimitExceededException, MalformedPolicyDocumentException } from './errors.js'

export const MAX_KEY_POLICY_BYTES = 32 * 1024

export function checkPolicyDocument(policy: string): void {
  if (Buffer.byteLength(policy, 'utf8') > MAX_KEY_POLICY_BYTES) {
    throw new LimitExceededException(`The key policy exceeds the maximum size of ${MAX_KEY_POLICY_BYTES} bytes.`)
  }
  let doc: unknown
  try {
    doc = JSON.parse(policy)
  } catch {
    throw new MalformedPolicyDocumentException('The policy document is not valid JSON.')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new MalformedPolicyDocumentException('The policy document must be a JSON object.')
  }
  const statement = (doc as Record<string, unknown>)['Statement']
  if (statement === undefined || (typeof statement !== 'object') || statement === null) {
    throw new MalformedPolicyDocumentException('The policy document must contain a Statement.')
  }
}
