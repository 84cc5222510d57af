/**
 * The HTTP front: POST / for the KMS API (AWS JSON 1.1) and IAM/STS (Query protocol), GET /health, and, only in the explicit dev
 * mode, POST /_trent/dev/clock. Bodies are bounded in size, requests in time, and SIGTERM drains.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { Clock } from '../clock.js'
import type { ClientInfo, KmsApi } from './dispatch.js'
import { DependencyTimeoutException, RequestEntityTooLargeException, UnknownOperationException } from '../kms/errors.js'
import { JSON_11, readBody, send, sendXml } from './http-io.js'
import { InFlight, type InFlightEntry } from './in-flight.js'
import type { QueryApi } from './query/query-api.js'
import { toWire } from './wire-errors.js'

export interface HttpDeps {
  api: KmsApi
  /** IAM and STS (AWS Query protocol) on the same endpoint. */
  query: QueryApi
  clock: Clock
  log: Logger
  maxBodyBytes: number
  requestTimeoutMs: number
  /** Present only in dev mode: moves the clock forward and runs due jobs. */
  devClock?: (seconds: number) => Promise<number>
  /** Debug only (TRENT_DEBUG_COUNTERS=1): counters shown at GET /_trent/debug/counters. */
  counters?: () => object
}

export interface HttpServer {
  server: Server
  /** Stops accepting connections and resolves once every in-flight request has been answered. */
  drain(): Promise<void>
}

export function createHttpServer(deps: HttpDeps): HttpServer {
  let draining = false
  // Requests still processing at their deadline are answered by one sweep a second, not a timer each.
  const inFlight = new InFlight<ServerResponse>(deps.requestTimeoutMs)
  const sweep = setInterval(() => {
    for (const res of inFlight.expire(performance.now())) {
      sendError(res, deps, new DependencyTimeoutException('The request did not complete in time.'))
    }
  }, 1000)
  sweep.unref()

  // Receiving is bounded by node's requestTimeout (answered 408), checked every second.
  const server = createServer({ connectionsCheckingInterval: 1000, requestTimeout: deps.requestTimeoutMs }, (req, res) => {
    // Once draining, each answer closes its connection so keep-alive clients cannot hold the server open.
    if (draining) res.setHeader('Connection', 'close')
    let entry: InFlightEntry<ServerResponse> | undefined
    route(deps, req, res, (r) => { entry = inFlight.add(r, performance.now()) }).catch((err: unknown) => {
      sendError(res, deps, err)
    }).finally(() => { if (entry) inFlight.remove(entry) })
  })
  server.headersTimeout = Math.min(10_000, deps.requestTimeoutMs)
  server.keepAliveTimeout = 5_000
  const drain = () => new Promise<void>((resolve) => {
    draining = true
    const idle = setInterval(() => server.closeIdleConnections(), 50)
    server.close(() => { clearInterval(idle); clearInterval(sweep); resolve() })
    server.closeIdleConnections()
  })
  return { server, drain }
}

async function route(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, processing: (res: ServerResponse) => void): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0]
  if (req.method === 'GET' && path === '/health') return send(res, deps.clock, 200, { status: 'ok' }, 'application/json')
  if (req.method === 'POST' && path === '/_trent/dev/clock' && deps.devClock) return advanceClock(deps, req, res, deps.devClock)
  if (req.method === 'GET' && path === '/_trent/debug/counters' && deps.counters) return send(res, deps.clock, 200, deps.counters(), 'application/json')
  const header = req.headers['x-amz-target']
  const target = Array.isArray(header) ? header[0] : header
  const client = clientOf(req)
  const refuse = async (err: unknown): Promise<void> => {
    const result = await deps.api.refuse(target, { method: req.method ?? '', url: req.url ?? '/', rawHeaders: req.rawHeaders, body: Buffer.alloc(0) }, client, err)
    send(res, deps.clock, result.status, result.body, JSON_11, result.requestId)
  }
  if (req.method !== 'POST' || path !== '/') return refuse(new UnknownOperationException(`No KMS endpoint at ${req.method} ${path}.`))
  const body = await readBody(req, deps.maxBodyBytes)
  if (!body) {
    res.setHeader('Connection', 'close')
    return refuse(new RequestEntityTooLargeException(`The request body exceeds ${deps.maxBodyBytes} bytes.`))
  }
  processing(res)
  // The Query protocol (IAM, STS) is a form post without a target; AWS JSON always names one.
  if (target === undefined && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const result = await deps.query.handle({ method: 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body }, client.sourceIp)
    return sendXml(res, deps.clock, result.status, result.body, result.requestId)
  }
  const result = await deps.api.handle(target, { method: 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body }, client)
  send(res, deps.clock, result.status, result.body, JSON_11, result.requestId)
}

async function advanceClock(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, devClock: (s: number) => Promise<number>): Promise<void> {
  let seconds = NaN
  try {
    seconds = Number((JSON.parse((await readBody(req, deps.maxBodyBytes))?.toString('utf8') ?? '') as { advanceSeconds?: unknown }).advanceSeconds)
  } catch { /* reported below */ }
  if (!(seconds >= 0)) return send(res, deps.clock, 400, { message: 'advanceSeconds must be a non-negative number' }, 'application/json')
  const now = await devClock(seconds)
  send(res, deps.clock, 200, { now: new Date(now).toISOString() }, 'application/json')
}

/** Errors raised outside an operation go through the same taxonomy and wire mapping as the rest. */
function sendError(res: ServerResponse, deps: HttpDeps, err: unknown): void {
  const { status, body } = toWire(err, deps.log)
  send(res, deps.clock, status, body)
}

/**
 * What the connection itself says about the client (CloudTrail's sourceIPAddress, aws:SourceIp,
 * aws:SecureTransport), never request headers, which any client can set.
 */
function clientOf(req: IncomingMessage): ClientInfo {
  const address = req.socket.remoteAddress
  // An IPv4 client on a dual-stack socket appears as ::ffff:a.b.c.d; policies and CloudTrail name it a.b.c.d.
  const sourceIp = address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
  return { sourceIp: sourceIp ?? 'unknown', secure: 'encrypted' in req.socket && req.socket.encrypted === true }
}
