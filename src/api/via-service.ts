/**
 * kms:ViaService for Trent: a configured trusted service (TRENT_TRUSTED_SERVICES maps its principal ARN
 * to a service name, e.g. a gateway that calls Trent for its users) signs a request with its own SigV4
 * credentials and names the user it acts for in the X-Trent-On-Behalf-Of header. The request is then
 * authorized as that user, with the service's name in kms:ViaService, so key policies can say "only
 * through the gateway". Nothing unauthenticated can set it: the header counts only when it is listed
 * in SignedHeaders (the signature covers it) and the signer is a configured service; otherwise the
 * request is refused, never silently served as the signer.
 */
import type { Principal } from '../auth/principal.js'
import { AccessDeniedException } from '../kms/errors.js'
import { firstHeader } from './raw-headers.js'

export const ON_BEHALF_OF_HEADER = 'x-trent-on-behalf-of'

export interface ViaServiceDeps {
  /** Principal ARN of each trusted service -> the name kms:ViaService carries for its requests. */
  trustedServices: Readonly<Record<string, string>>
  /** The principal an ARN names (undefined when it names none), acting through `signer`'s request. */
  principalOf(arn: string, signer: Principal): Promise<Principal | undefined>
}

export interface Acting { principal: Principal; viaService?: string }

/** Who a verified request acts as: its signer, or the user a trusted service names. */
export async function actingPrincipal(deps: ViaServiceDeps, signer: Principal, rawHeaders: readonly string[]): Promise<Acting> {
  const onBehalfOf = firstHeader(rawHeaders, ON_BEHALF_OF_HEADER)
  if (onBehalfOf === undefined) return { principal: signer }
  // Messages are Trent's own (AWS has no such header).
  if (!signedHeaders(rawHeaders).includes(ON_BEHALF_OF_HEADER)) {
    throw new AccessDeniedException('The X-Trent-On-Behalf-Of header must be signed (listed in SignedHeaders).')
  }
  const service = Object.hasOwn(deps.trustedServices, signer.arn) ? deps.trustedServices[signer.arn] : undefined
  if (service === undefined) {
    throw new AccessDeniedException(`User: ${signer.arn} is not a trusted service and may not act on behalf of another principal.`)
  }
  const principal = await deps.principalOf(onBehalfOf.trim(), signer)
  if (!principal) throw new AccessDeniedException(`X-Trent-On-Behalf-Of names no known principal: ${onBehalfOf.trim()}`)
  return { principal, viaService: service }
}

/** The SignedHeaders of the (already verified) Authorization header. */
function signedHeaders(raw: readonly string[]): string[] {
  return /SignedHeaders=([^,\s]+)/.exec(firstHeader(raw, 'authorization') ?? '')?.[1]?.split(';') ?? []
}
