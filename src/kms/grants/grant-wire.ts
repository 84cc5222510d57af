/** A stored grant as ListGrants and ListRetirableGrants show it, and the grant-not-found answers. */
import type { GrantListEntry } from '../../api/generated/kms-model.js'
import { InvalidGrantIdException, NotFoundException } from '../errors.js'
import type { GrantRecord } from '../records.js'
import { GRANT_ID } from './grant-rules.js'

export function grantListEntry(g: GrantRecord, keyArn: string): GrantListEntry {
  const c = g.constraints
  return {
    KeyId: keyArn,
    GrantId: g.grantId,
    ...(g.name ? { Name: g.name } : {}),
    CreationDate: new Date(g.createdAt),
    GranteePrincipal: g.granteePrincipal,
    ...(g.retiringPrincipal ? { RetiringPrincipal: g.retiringPrincipal } : {}),
    IssuingAccount: `arn:aws:iam::${g.issuingAccount}:root`,
    Operations: g.operations,
    ...(c ? {
      Constraints: {
        ...(c.encryptionContextEquals ? { EncryptionContextEquals: c.encryptionContextEquals } : {}),
        ...(c.encryptionContextSubset ? { EncryptionContextSubset: c.encryptionContextSubset } : {}),
      },
    } : {}),
  }
}

/** Best guess at AWS's wording (docs/decisions.md). */
export const grantNotFound = (): NotFoundException => new NotFoundException('Grant ID not found')

/** A GrantId that cannot be one (AWS's are 64 hex characters): InvalidGrantIdException (best-guess wording). */
export function checkGrantId(grantId: string): string {
  if (!GRANT_ID.test(grantId)) throw new InvalidGrantIdException(`Invalid grantId '${grantId}'`)
  return grantId
}
