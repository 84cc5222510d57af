/**
 * Floor A: the cost of HTTP alone. A bare node:http server that reads each request body and answers
 * with a fixed JSON body of the same size as Trent's response for the workload under test (the bench
 * captures Trent's real response and passes it in a file). No SigV4, no parsing, no cryptography.
 *
 *   node dist/bench/floor-a.js --port 4601 --body /tmp/response.json
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { port: { type: 'string' }, body: { type: 'string' } } })
const payload = readFileSync(values.body ?? '')
const port = Number(values.port)

const server = createServer((req, res) => {
  req.on('data', () => {})
  req.on('end', () => {
    res.statusCode = 200
    res.setHeader('Content-Type', 'application/x-amz-json-1.1')
    res.setHeader('Content-Length', payload.length)
    res.end(payload)
  })
})
server.keepAliveTimeout = 5_000
server.listen(port, '127.0.0.1', () => process.stdout.write(`floor-a listening on ${port} (${payload.length} B body)\n`))
process.once('SIGTERM', () => { server.close(); server.closeAllConnections() })
