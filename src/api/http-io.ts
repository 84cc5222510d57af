/** Reading bounded request bodies and writing AWS JSON responses with Trent's own Date and request id. */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock.js'

export const JSON_11 = 'application/x-amz-json-1.1'

/** The whole body, or undefined once it passes `limit` bytes (the rest is drained, not kept). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) {
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

/** Writes one JSON response, unless one was already sent (a request answered by its deadline). */
export function send(res: ServerResponse, clock: Clock, status: number, body: unknown, contentType = JSON_11, requestId?: string): void {
  if (res.headersSent) return
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(payload),
    // The SDKs correct their clock skew from this header, so it must come from Trent's clock.
    Date: httpDate(clock.now()),
    'x-amzn-RequestId': requestId ?? randomUUID(),
  })
  res.end(payload)
}

/** Writes one Query protocol (IAM/STS) XML response. */
export function sendXml(res: ServerResponse, clock: Clock, status: number, xml: string, requestId: string): void {
  if (res.headersSent) return
  res.writeHead(status, {
    'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), Date: httpDate(clock.now()), 'x-amzn-RequestId': requestId,
  })
  res.end(xml)
}

let cachedSecond = -1
let cachedDate = ''

/** RFC 7231 date, formatted once per second. */
function httpDate(now: number): string {
  const second = Math.floor(now / 1000)
  if (second !== cachedSecond) {
    cachedSecond = second
    cachedDate = new Date(second * 1000).toUTCString()
  }
  return cachedDate
}
