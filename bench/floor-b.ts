/**
 * Floor B: the most any Encrypt on this stack can do. A minimal node:http handler that verifies the
 * SigV4 signature with Trent's own SigV4Verifier and performs Trent's own cryptography (per-request
 * KBKDF key, AES-256-GCM, the versioned blob) through src/kms/ciphertext.ts, with the key material in
 * memory. Deliberately absent: input validation, key lookup and storage, key state, policy, audit,
 * request logging, the request id and Date headers Trent sets itself.
 *
 *   node dist/bench/floor-b.js --port 4602
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { SigV4Verifier, type Credential } from '../src/api/sigv4.js'
import { decryptSymmetric, encryptSymmetric, parseCiphertext } from '../src/kms/ciphertext.js'
import { CREDENTIALS, REGION } from './constants.js'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port)

const KEY_ID = randomUUID()
const KEY_ARN = `arn:aws:kms:${REGION}:000000000000:key/${KEY_ID}`
const MATERIAL_ID = randomBytes(32).toString('hex')
const MATERIAL = randomBytes(32)
const DATA_KEY_BYTES = 32

interface Input { Plaintext?: string; CiphertextBlob?: string; EncryptionContext?: Record<string, string> }

/** One entry per operation: takes the parsed JSON body, returns the JSON response. */
const OPERATIONS: Record<string, (input: Input) => Record<string, string>> = {
  'TrentService.Encrypt': (input) => ({
    CiphertextBlob: encryptSymmetric(KEY_ID, MATERIAL_ID, MATERIAL, Buffer.from(input.Plaintext ?? '', 'base64'), input.EncryptionContext).toString('base64'),
    KeyId: KEY_ARN,
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  }),
  'TrentService.Decrypt': (input) => {
    const parsed = parseCiphertext(Buffer.from(input.CiphertextBlob ?? '', 'base64'))
    return {
      KeyId: KEY_ARN,
      Plaintext: decryptSymmetric(parsed, MATERIAL, input.EncryptionContext).toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      KeyMaterialId: parsed.materialId,
    }
  },
  'TrentService.GenerateDataKey': (input) => {
    const plaintext = randomBytes(DATA_KEY_BYTES)
    return {
      CiphertextBlob: encryptSymmetric(KEY_ID, MATERIAL_ID, MATERIAL, plaintext, input.EncryptionContext).toString('base64'),
      Plaintext: plaintext.toString('base64'),
      KeyId: KEY_ARN,
      KeyMaterialId: MATERIAL_ID,
    }
  },
}

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
      const op = OPERATIONS[String(req.headers['x-amz-target'])]
      if (!op) throw Object.assign(new Error(`unsupported target ${String(req.headers['x-amz-target'])}`), { name: 'UnknownOperationException' })
      out = op(JSON.parse(body.toString('utf8')) as Input)
    } catch (err) {
      status = 400
      out = { __type: err instanceof Error ? err.constructor.name === 'Error' ? err.name : err.constructor.name : 'Error', message: String(err) }
    }
    const payload = JSON.stringify(out)
    res.statusCode = status
    res.setHeader('Content-Type', 'application/x-amz-json-1.1')
    res.setHeader('Content-Length', Buffer.byteLength(payload))
    res.end(payload)
  })
})
server.keepAliveTimeout = 5_000
server.listen(port, '127.0.0.1', () => process.stdout.write(`floor-b listening on ${port}\n`))
process.once('SIGTERM', () => { server.close(); server.closeAllConnections() })
