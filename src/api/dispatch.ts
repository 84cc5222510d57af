/**
 * One request, in the order AWS's front end takes it: target -> authenticate (SigV4) -> parse and
 * validate the body against the model -> run the operation -> audit -> serialize the response. Every
 * call, whatever its outcome, leaves exactly one audit record, and no response leaves before its record
 * is durable: state-changing operations commit it with their change, dispatch writes every other one
 * (group commit). If the record cannot be written the call answers KMSInternalException (fail-closed).
 */
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { isReadOnly, requestParameters } from '../audit/parameters.js'
import { CLOUDTRAIL_EVENT_SOURCE, cloudTrailErrorCode, KMS_EVENT_SOURCE } from '../audit/record.js'
import { RequestAudit } from '../audit/request-audit.js'
import type { PrincipalDirectory } from '../auth/principal-directory.js'
import type { Clock } from '../clock.js'
import type { Caller, KmsContext } from '../kms/context.js'
import { UnknownOperationException, UnsupportedOperationException } from '../kms/errors.js'
import { OPERATIONS as HANDLERS } from '../kms/operations/index.js'
import { claimedIdentity, principalIdentity } from './call-identity.js'
import { OPERATIONS as MODEL, type OperationName } from './generated/kms-model.js'
import { parseJsonBody } from './json-body.js'
import { firstHeader } from './raw-headers.js'
import { lookupEvents, parseLookupEvents } from './lookup-events.js'
import { serializeOutput } from './serialize.js'
import { authenticate } from './authenticate.js'
import { SigV4Verifier, type SignedRequest } from './sigv4.js'
import { actingPrincipal, type ViaServiceDeps } from './via-service.js'
import { parseInput } from './validate.js'
import { toWire } from './wire-errors.js'

const KMS_PREFIX = 'TrentService.'
/** CloudTrail's LookupEvents, served on the same endpoint (signing name `cloudtrail`). */
const LOOKUP_EVENTS_TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents'

export interface KmsResponse {
  status: number
  body: unknown
  requestId: string
}

/** What the HTTP front knows about the client. */
export interface ClientInfo {
  sourceIp: string
  /** Whether the connection is TLS (aws:SecureTransport). */
  secure: boolean
}

export interface KmsApiDeps {
  ctx: KmsContext
  clock: Clock
  log: Logger
  /** The account this Trent serves: the recipient of records whose caller is not authenticated. */
  accountId: string
  directory: Pick<PrincipalDirectory, 'resolve'>
  viaService: ViaServiceDeps
}

export class KmsApi {
  private readonly verifier = new SigV4Verifier()

  constructor(private readonly deps: KmsApiDeps) {}

  async handle(target: string | undefined, req: SignedRequest, client: ClientInfo): Promise<KmsResponse> {
    const started = performance.now()
    const { ctx, clock, log } = this.deps
    const isLookup = target === LOOKUP_EVENTS_TARGET
    const audit = this.startAudit(target, req, client)
    const { requestId } = audit
    let identified = false
    try {
      const op = isLookup ? undefined : operationOf(target)
      audit.readOnly = op === undefined || isReadOnly(op)
      const signer = await authenticate(this.verifier, this.deps.directory, req, {
        regions: [ctx.region], service: isLookup ? 'cloudtrail' : 'kms', now: clock.now(),
      })
      const { accessKeyId } = signer
      const { principal, viaService } = await actingPrincipal(this.deps.viaService, signer, req.rawHeaders)
      audit.identity = principalIdentity(principal)
      identified = true
      audit.recipientAccountId = principal.accountId
      const caller: Caller = {
        principal, requestId, audit, secureTransport: client.secure,
        sourceIp: client.sourceIp !== 'unknown' ? client.sourceIp : undefined, viaService,
      }
      const body = parseJsonBody(req.body)
      let output: unknown
      if (op === undefined) {
        const input = parseLookupEvents(body)
        audit.requestParameters = input.requestParameters
        output = await lookupEvents(ctx, caller, input)
      } else {
        const input = parseInput(op, body)
        audit.requestParameters = requestParameters(op, input)
        const handler = HANDLERS[op] as ((c: KmsContext, caller: unknown, input: unknown) => Promise<unknown>) | undefined
        if (!handler) throw new UnsupportedOperationException(`${op} is not supported by this version of Trent. See README for the supported operations.`)
        output = serializeOutput(op, (await handler(ctx, caller, input)) as never)
      }
      if (!audit.recorded) await audit.write(audit.outcome())
      log.info({ requestId, operation: audit.eventName, accessKeyId, status: 200, ms: elapsed(started) }, 'request')
      return { status: 200, body: output, requestId }
    } catch (err) {
      // Until the caller is identified, the record shows only the key id its header claims (found only now,
      // for the few calls that fail so early).
      if (!identified) audit.identity = claimedIdentity(req)
      return this.fail(audit, err, started)
    }
  }

  /**
   * A request the HTTP front refused before dispatch (no KMS endpoint at its path, body over the limit):
   * recorded like any failed call, with whatever its headers say.
   */
  refuse(target: string | undefined, req: SignedRequest, client: ClientInfo, err: unknown): Promise<KmsResponse> {
    const audit = this.startAudit(target, req, client)
    audit.identity = claimedIdentity(req)
    return this.fail(audit, err, performance.now())
  }

  private startAudit(target: string | undefined, req: SignedRequest, client: ClientInfo): RequestAudit {
    const { ctx, clock, accountId } = this.deps
    const isLookup = target === LOOKUP_EVENTS_TARGET
    const userAgent = firstHeader(req.rawHeaders, 'user-agent')
    const audit = new RequestAudit(ctx.audit, clock, {
      eventSource: isLookup ? CLOUDTRAIL_EVENT_SOURCE : KMS_EVENT_SOURCE, awsRegion: ctx.region, recipientAccountId: accountId,
      sourceIPAddress: client.sourceIp, requestId: randomUUID(), userAgent,
    })
    audit.eventName = isLookup ? 'LookupEvents' : requestedName(target)
    return audit
  }

  /** Records a failed call (unless its record already committed) and answers it; KMSInternalException if the record cannot be written. */
  private async fail(audit: RequestAudit, err: unknown, started: number): Promise<KmsResponse> {
    const { log } = this.deps
    const { requestId } = audit
    let wire = toWire(err, log.child({ requestId, operation: audit.eventName }))
    if (!audit.recorded) {
      try {
        await audit.write(audit.outcome({ code: cloudTrailErrorCode(wire.body.__type), message: wire.body.message }))
      } catch (auditErr) {
        wire = toWire(auditErr, log.child({ requestId, operation: audit.eventName, audit: 'record not written' }))
      }
    }
    log.info({ requestId, operation: audit.eventName, accessKeyId: audit.identity.accessKeyId, status: wire.status, error: wire.body.__type, ms: elapsed(started) }, 'request')
    return { status: wire.status, body: wire.body, requestId }
  }
}

/** The operation name the caller asked for, as the record names it even when it is unknown. */
function requestedName(target: string | undefined): string {
  const name = target?.startsWith(KMS_PREFIX) ? target.slice(KMS_PREFIX.length) : target
  return (name ?? 'Unknown').slice(0, 128) || 'Unknown'
}

function operationOf(target: string | undefined): OperationName {
  const name = target?.startsWith(KMS_PREFIX) ? target.slice(KMS_PREFIX.length) : undefined
  if (name === undefined || !Object.hasOwn(MODEL, name)) {
    throw new UnknownOperationException(`Unknown operation ${target ?? '(no X-Amz-Target header)'}.`)
  }
  return name as OperationName
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 100) / 100
