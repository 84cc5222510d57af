/**
 * Authentication for every protocol: the access key id named in the Authorization header is resolved
 * (asynchronously, through the principal directory) before SigV4 verification, which then checks the
 * signature and session token against that one credential. An expired session is reported only after
 * its signature verified, so the answer reveals nothing to someone without the secret.
 */
import type { Principal } from '../auth/principal.js'
import type { CredentialEntry } from '../auth/root-credentials.js'
import { ExpiredTokenException } from '../kms/errors.js'
import { firstHeader } from './raw-headers.js'
import { SigV4Verifier, type SignedRequest } from './sigv4.js'

export interface CredentialSource { resolve(accessKeyId: string): Promise<CredentialEntry | undefined> }

export interface AuthenticateOptions {
  /** Regions a credential scope may name (IAM, a global service, is also signed for us-east-1). */
  regions: readonly string[]
  service: string
  now: number
}

export async function authenticate(verifier: SigV4Verifier, source: CredentialSource, req: SignedRequest, opts: AuthenticateOptions): Promise<Principal> {
  const { accessKeyId, region: scoped } = credentialScope(req.rawHeaders)
  const entry = accessKeyId === undefined ? undefined : await source.resolve(accessKeyId)
  const region = scoped !== undefined && opts.regions.includes(scoped) ? scoped : opts.regions[0]!
  verifier.verify(req, { region, service: opts.service, now: opts.now, lookup: (id) => (id === accessKeyId ? entry : undefined) })
  if (entry!.expiresAt !== undefined && entry!.expiresAt <= opts.now) {
    throw new ExpiredTokenException('The security token included in the request is expired')
  }
  return entry!.principal
}

/** The access key id the Authorization header's Credential names, and the region of its scope when it has one. */
function credentialScope(raw: readonly string[]): { accessKeyId?: string; region?: string } {
  const m = /Credential=([^/,\s]+)\/(?:\d{8}\/([^/,\s]+)\/)?/.exec(firstHeader(raw, 'authorization') ?? '')
  return { ...(m?.[1] !== undefined ? { accessKeyId: m[1] } : {}), ...(m?.[2] !== undefined ? { region: m[2] } : {}) }
}
