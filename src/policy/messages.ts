/**
 * AWS's AccessDeniedException message forms (the "enhanced" messages AWS has sent since 2021, as seen
 * in real KMS responses: aws-nitro-enclaves-sdk-c#157, jbrt/ec2cryptomatic#26; IAM User Guide,
 * "Troubleshoot access denied error messages"). Non-key operations name the resource `*` (best guess).
 */
export type DenyReason =
  | 'explicit-deny-resource'
  | 'explicit-deny-identity'
  | 'no-resource-allow'
  | 'no-identity-allow'

const TAIL: Record<DenyReason, (action: string) => string> = {
  'explicit-deny-resource': () => 'with an explicit deny in a resource-based policy',
  'explicit-deny-identity': () => 'with an explicit deny in an identity-based policy',
  'no-resource-allow': (action) => `because no resource-based policy allows the ${action} action`,
  'no-identity-allow': (action) => `because no identity-based policy allows the ${action} action`,
}

export function accessDeniedMessage(reason: DenyReason, principalArn: string, action: string, resource: string): string {
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${TAIL[reason](action)}`
}
