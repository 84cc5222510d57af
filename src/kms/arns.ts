/** Key and alias identifiers in every form AWS accepts, and the ARNs Trent issues. */
export const keyArn = (region: string, accountId: string, keyId: string): string =>
  `arn:aws:kms:${region}:${accountId}:key/${keyId}`

export const aliasArn = (region: string, accountId: string, aliasName: string): string =>
  `arn:aws:kms:${region}:${accountId}:${aliasName}`

export const rootPrincipalArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`

export type KeyReference =
  | { kind: 'keyId'; keyId: string }
  | { kind: 'keyArn'; keyId: string; region: string; accountId: string }
  | { kind: 'aliasName'; aliasName: string }
  | { kind: 'aliasArn'; aliasName: string; region: string; accountId: string }
  | { kind: 'invalid' }

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/
const ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/

/** Classifies what a caller put in a KeyId member. */
export function parseKeyReference(value: string): KeyReference {
  if (KEY_ID.test(value)) return { kind: 'keyId', keyId: value }
  if (value.startsWith('alias/')) return { kind: 'aliasName', aliasName: value }
  const m = ARN.exec(value)
  if (!m) return { kind: 'invalid' }
  const [, , region, accountId, resource] = m as unknown as [string, string, string, string, string]
  if (resource.startsWith('alias/')) return { kind: 'aliasArn', aliasName: resource, region, accountId }
  const keyId = resource.slice('key/'.length)
  return KEY_ID.test(keyId) ? { kind: 'keyArn', keyId, region, accountId } : { kind: 'invalid' }
}
