/**
 * Raw HTTP/1.1 for the bench: pre-signed requests are kept as exact bytes (so wrk and the open-loop
 * generator replay what the SDK would have sent), stored in a length-prefixed pool file, and answered
 * responses are parsed just enough to know the status and where the body ends.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'

export interface CapturedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: Buffer
}

/** The request line, the headers in the order given, a blank line, and the body. */
export function toRawRequest(req: CapturedRequest): Buffer {
  const head = [`${req.method} ${req.path} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n')
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), req.body])
}

/** Pool file format: for each request, its byte length in decimal, '\n', then the bytes (read by pool.lua too). */
export function writePool(file: string, requests: readonly Buffer[]): void {
  const parts: Buffer[] = []
  for (const r of requests) parts.push(Buffer.from(`${r.length}\n`, 'latin1'), r)
  writeFileSync(file, Buffer.concat(parts))
}

export function readPool(file: string): Buffer[] {
  const data = readFileSync(file)
  const out: Buffer[] = []
  let pos = 0
  while (pos < data.length) {
    const nl = data.indexOf(0x0a, pos)
    const len = Number(data.toString('latin1', pos, nl))
    out.push(data.subarray(nl + 1, nl + 1 + len))
    pos = nl + 1 + len
  }
  return out
}

export interface RawResponse { status: number; body: Buffer }

/** Incremental parser for Content-Length framed responses on one keep-alive connection (no pipelining). */
export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0)

  /** Feeds bytes; returns the response once it is complete, else undefined. */
  feed(chunk: Buffer): RawResponse | undefined {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk])
    const headEnd = this.buf.indexOf('\r\n\r\n')
    if (headEnd < 0) return undefined
    const head = this.buf.toString('latin1', 0, headEnd)
    const match = /\r\ncontent-length:\s*(\d+)/i.exec(head)
    if (!match) throw new Error(`response without Content-Length: ${head.slice(0, 200)}`)
    const end = headEnd + 4 + Number(match[1])
    if (this.buf.length < end) return undefined
    const response = { status: Number(head.slice(9, 12)), body: this.buf.subarray(headEnd + 4, end) }
    this.buf = this.buf.subarray(end)
    return response
  }
}

/** Sends one raw request on a fresh connection and resolves with the response. */
export function sendRaw(port: number, request: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const parser = new ResponseParser()
    socket.on('error', reject)
    socket.on('data', (chunk: Buffer) => {
      try {
        const res = parser.feed(chunk)
        if (res) { socket.destroy(); resolve(res) }
      } catch (err) { socket.destroy(); reject(err) }
    })
    socket.write(request)
  })
}
