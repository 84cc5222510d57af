/**
 * The HTTP part every floor shares: read the body, verify SigV4 with Trent's own verifier, run the
 * operation named by X-Amz-Target, answer JSON. Nothing else, so a floor measures only its operations.
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { SigV4Verifier, type Credential } from '../src/api/sigv4.js'
import { CREDENTIALS, REGION } from './constants.js'

/** One entry per X-Amz-Target: takes the parsed JSON body, returns the JSON response. */
export type FloorOperations<Input> = Record<string, (input: Input) => Record<string, unknown>>

/**
 * `beforeAnswer`, when given, runs after the operation and must resolve before the response is sent
 * (floor D's durable record); it gets a fresh request id.
 */
export function serveFloor<Input>(name: string, port: number, operations: FloorOperations<Input>, beforeAnswer?: (requestId: string) => Promise<void>): void {
  const verifier = new SigV4Verifier()
  const lookup = (id: string): Credential | undefined => (id === CREDENTIALS.accessKeyId ? CREDENTIALS : undefined)
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
      let status = 200
      let out: unknown
      try {
        verifier.verify({ method: req.method ?? 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body }, { region: REGION, service: 'kms', now: Date.now(), lookup })
        const op = operations[String(req.headers['x-amz-target'])]
        if (!op) throw Object.assign(new Error(`unsupported target ${String(req.headers['x-amz-target'])}`), { name: 'UnknownOperationException' })
        out = op(JSON.parse(body.toString('utf8')) as Input)
      } catch (err) {
        status = 400
        out = { __type: err instanceof Error ? err.name : 'Error', message: String(err) }
      }
      const payload = JSON.stringify(out)
      const answer = (): void => {
        res.statusCode = status
        res.setHeader('Content-Type', 'application/x-amz-json-1.1')
        res.setHeader('Content-Length', Buffer.byteLength(payload))
        res.end(payload)
      }
      if (beforeAnswer) void beforeAnswer(randomUUID()).then(answer)
      else answer()
    })
  })
  server.keepAliveTimeout = 5_000
  server.listen(port, '127.0.0.1', () => process.stdout.write(`${name} listening on ${port}\n`))
  process.once('SIGTERM', () => { server.close(); server.closeAllConnections() })
}
