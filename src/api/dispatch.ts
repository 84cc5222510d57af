/**
 * One KMS request, in the order AWS's front end takes it: target -> authenticate (SigV4) -> parse and
 * validate the body against the AWS model -> run the operation -> serialize the response.
 */
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { PrincipalDirectory } from '../auth/principal-directory.js'
import type { Clock } from '../clock.js'
import type { KmsContext } from '../kms/context.js'
import { UnknownOperationException, UnsupportedOperationException } from '../kms/errors.js'
import { OPERATIONS as HANDLERS } from '../kms/operations/index.js'
import { OPERATIONS as MODEL, type OperationName } from './generated/kms-model.js'
import { parseJsonBody } from './json-body.js'
import { serializeOutput } from './serialize.js'
import { authenticate } from './authenticate.js'
import { SigV4Verifier, type SignedRequest } from './sigv4.js'
import { actingPrincipal, type ViaServiceDeps } from './via-service.js'
import { parseInput } from './validate.js'
import { toWire } from './wire-errors.js'

const TARGET_PREFIX = 'TrentService.'

export interface KmsResponse {
  status: number
  body: unknown
  requestId: string
}

export interface KmsApiDeps {
  ctx: KmsContext
  clock: Clock
  log: Logger
  directory: Pick<PrincipalDirectory, 'resolve'>
  viaService: ViaServiceDeps
}

/** Where a request came from, for aws:SourceIp and aws:SecureTransport. */
export interface Transport { sourceIp?: string; secure: boolean }

export class KmsApi {
  private readonly verifier = new SigV4Verifier()

  constructor(private readonly deps: KmsApiDeps) {}

  async handle(target: string | undefined, req: SignedRequest, transport: Transport = { secure: false }): Promise<KmsResponse> {
    const requestId = randomUUID()
    const started = performance.now()
    const { ctx, clock, log } = this.deps
    let operation: string | undefined
    let accessKeyId: string | undefined
    try {
      const op = operationOf(target)
      operation = op
      const signer = await authenticate(this.verifier, this.deps.directory, req, { regions: [ctx.region], service: 'kms', now: clock.now() })
      accessKeyId = signer.accessKeyId
      const { principal, viaService } = await actingPrincipal(this.deps.viaService, signer, req.rawHeaders)
      const input = parseInput(op, parseJsonBody(req.body))
      const handler = HANDLERS[op] as ((c: KmsContext, caller: unknown, input: unknown) => Promise<unknown>) | undefined
      if (!handler) throw new UnsupportedOperationException(`${op} is not supported by this version of Trent. See README for the supported operations.`)
      const output = await handler(ctx, {
        principal, requestId, secureTransport: transport.secure,
        ...(transport.sourceIp !== undefined ? { sourceIp: transport.sourceIp } : {}), ...(viaService !== undefined ? { viaService } : {}),
      }, input)
      log.info({ requestId, operation, accessKeyId, status: 200, ms: elapsed(started) }, 'request')
      return { status: 200, body: serializeOutput(op, output as never), requestId }
    } catch (err) {
      const wire = toWire(err, log.child({ requestId, operation }))
      log.info({ requestId, operation, accessKeyId, status: wire.status, error: wire.body.__type, ms: elapsed(started) }, 'request')
      return { status: wire.status, body: wire.body, requestId }
    }
  }
}

function operationOf(target: string | undefined): OperationName {
  const name = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined
  if (name === undefined || !Object.hasOwn(MODEL, name)) {
    throw new UnknownOperationException(`Unknown operation ${target ?? '(no X-Amz-Target header)'}.`)
  }
  return name as OperationName
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 100) / 100
