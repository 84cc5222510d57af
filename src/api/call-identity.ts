/**
 * Who a call is from, as its audit record shows it: the authenticated principal, or, when SigV4 failed,
 * only the access key id the Authorization header claimed (never trusted, never more).
 */
import type { UserIdentity } from '../audit/record.js'
import type { Principal } from '../auth/principal.js'
import { firstHeader } from './raw-headers.js'
import type { SignedRequest } from './sigv4.js'

export function principalIdentity(p: Principal): UserIdentity {
  // principalId is CloudTrail's: the account id for the root, AIDA... for a user, AROA...:<session> for a role session.
  // Keys in sorted order, so the record's canonical text needs no sorted copy of it (canonical-writer.ts).
  return {
    accessKeyId: p.accessKeyId, accountId: p.accountId, arn: p.arn, principalId: p.principalId,
    sessionContext: p.sessionContext !== undefined ? { ...p.sessionContext } : undefined,
    type: p.type, userName: p.userName,
  }
}

/** Before authentication: the claimed access key id, if the header names one. */
export function claimedIdentity(req: SignedRequest): UserIdentity {
  const auth = firstHeader(req.rawHeaders, 'authorization')
  const claimed = auth && /Credential=([A-Z0-9]{16,128})\//.exec(auth)?.[1]
  return claimed ? { type: 'Unknown', accessKeyId: claimed } : { type: 'Unknown' }
}
