/**
 * The HTTP front: POST / for the KMS API (AWS JSON 1.1), GET /health, and, only in the explicit dev
 * mode, POST /_trent/dev/clock. Bodies are bounded in size, requests in time, and SIGTERM drains.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { Clock } from '../clock.js'
import type { KmsApi } from './dispatch.js'

const JSON_11 = 'application/x-amz-json-1.1'

export interface HttpDeps {
  api: KmsApi
  clock: Clock
  log: Logger
  maxBodyBytes: number
  requestTimeoutMs: number
  /** Present only in dev mode: moves the clock forward and runs due jobs. */
  devClock?: (seconds: number) => Promise<number>
}

export interface HttpServer {
  server: Server
  /** Stops accepting connections and resolves once every in-flight request has been answered. */
  drain(): Promise<void>
}

export function createHttpServer(deps: HttpDeps): HttpServer {
  let draining = false
  const server = createServer((req, res) => {
    // Once draining, each answer closes its connection so keep-alive clients cannot hold the server open.
    if (draining) res.setHeader('Connection', 'close')
    route(deps, req, res).catch((err: unknown) => {
      deps.log.error({ err }, 'unhandled request failure')
      if (!res.headersSent) send(res, deps.clock, 500, { __type: 'KMSInternalException', message: 'An internal error occurred.' })
      else res.destroy()
    })
  })
  server.requestTimeout = deps.requestTimeoutMs
  server.headersTimeout = Math.min(10_000, deps.requestTimeoutMs)
  server.keepAliveTimeout = 5_000
  const drain = () => new Promise<void>((resolve) => {
    draining = true
    const sweep = setInterval(() => server.closeIdleConnections(), 50)
    server.close(() => { clearInterval(sweep); resolve() })
    server.closeIdleConnections()
  })
  return { server, drain }
}

async function route(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0]
  if (req.method === 'GET' && path === '/health') {
    send(res, deps.clock, 200, { status: 'ok' }, 'application/json')
    return
  }
  if (req.method === 'POST' && path === '/_trent/dev/clock' && deps.devClock) {
    const body = await readBody(req, deps.maxBodyBytes)
    const seconds = Number(/"advanceSeconds"\s*:\s*([0-9.]+)/.exec(body?.toString('utf8') ?? '')?.[1])
    if (!(seconds >= 0)) return send(res, deps.clock, 400, { message: 'advanceSeconds must be a non-negative number' }, 'application/json')
    const now = await deps.devClock(seconds)
    return send(res, deps.clock, 200, { now: new Date(now).toISOString() }, 'application/json')
  }
  if (req.method !== 'POST' || path !== '/') {
    return send(res, deps.clock, 404, { __type: 'UnknownOperationException', message: `No KMS endpoint at ${req.method} ${path}.` })
  }
  const body = await readBody(req, deps.maxBodyBytes)
  if (!body) {
    res.setHeader('Connection', 'close')
    return send(res, deps.clock, 413, { __type: 'RequestEntityTooLargeException', message: `The request body exceeds ${deps.maxBodyBytes} bytes.` })
  }
  const target = req.headers['x-amz-target']
  const result = await withDeadline(
    deps.api.handle(Array.isArray(target) ? target[0] : target, { method: 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body }),
    deps.requestTimeoutMs,
  )
  if (!result) return send(res, deps.clock, 500, { __type: 'DependencyTimeoutException', message: 'The request did not complete in time.' })
  send(res, deps.clock, result.status, result.body, JSON_11, result.requestId)
}

/** The whole body, or undefined once it passes `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (declared > limit) {
      req.resume()
      resolve(undefined)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume()
        resolve(undefined)
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, clock: Clock, status: number, body: unknown, contentType = JSON_11, requestId?: string): void {
  const payload = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', contentType)
  res.setHeader('Content-Length', Buffer.byteLength(payload))
  // The SDKs correct their clock skew from this header, so it must come from Trent's clock.
  res.setHeader('Date', new Date(clock.now()).toUTCString())
  res.setHeader('x-amzn-RequestId', requestId ?? randomUUID())
  res.end(payload)
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, ms, undefined) })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}
