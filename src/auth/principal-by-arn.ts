/**
 * The principal a trusted service names in X-Trent-On-Behalf-Of (api/via-service.ts): an account root or
 * an IAM user, by ARN. Roles act only through their sessions, which a service cannot name (a session
 * ARN carries no credentials to check), so they are not accepted. The principal keeps the signer's
 * access key id: that is the credential that made the request (logs, CloudTrail's accessKeyId).
 */
import { getEntity } from '../iam/entities.js'
import { nameKey, type UserRecord } from '../iam/records.js'
import type { StoreReader } from '../storage/types.js'
import type { IdentityDirectory } from './identity-directory.js'
import { rootPrincipal, type Principal } from './principal.js'
import { userPrincipal } from './principal-shapes.js'

const ROOT = /^arn:aws:iam::(\d{12}):root$/
const USER = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/

export async function principalOnBehalf(r: StoreReader, identities: IdentityDirectory, arn: string, signer: Principal): Promise<Principal | undefined> {
  const root = ROOT.exec(arn)
  if (root) return (await identities.principalExists(arn)) ? rootPrincipal(root[1]!, signer.accessKeyId) : undefined
  const user = USER.exec(arn)
  if (!user) return undefined
  const record = await getEntity<UserRecord>(r, user[1]!, 'user', nameKey(user[2]!))
  // The path is part of the ARN: the whole ARN must be the stored one.
  return record?.arn === arn ? userPrincipal(user[1]!, record, signer.accessKeyId) : undefined
}
