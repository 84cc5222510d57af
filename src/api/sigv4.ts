/**
 * Server-side AWS Signature Version 4 verification (header form), with AWS's exception names and
 * messages. The payload hash covers the exact body bytes; the signature is compared in constant time;
 * derived signing keys are cached per access key, day, Region and service (never the secret itself).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import {
  IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../kms/errors.js'

export interface SignedRequest {
  method: string
  /** Path and query exactly as received. */
  url: string
  /** node's rawHeaders: [name, value, name, value, ...] as received. */
  rawHeaders: readonly string[]
  body: Buffer
}

export interface Credential {
  accessKeyId: string
  secretAccessKey: string
  /** Temporary credentials only: the X-Amz-Security-Token that must come with them. */
  sessionToken?: string
}

export interface VerifyOptions {
  region: string
  service: string
  now: number
  /** Looks up the secret of an access key id; undefined when unknown or inactive. */
  lookup(accessKeyId: string): Credential | undefined
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
const MAX_SKEW_MS = 5 * 60 * 1000
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

interface ParsedAuthorization { accessKeyId: string; scopeDate: string; scopeRegion: string; scopeService: string; terminator: string; signedHeaders: string[]; signature: string }

export class SigV4Verifier {
  private readonly signingKeys = new Map<string, { secret: string; key: Buffer }>()

  /** Returns the access key id the request was signed with, or throws the AWS exception. */
  verify(req: SignedRequest, opts: VerifyOptions): string {
    const headers = collectHeaders(req.rawHeaders)
    const authorization = headers.get('authorization')
    if (authorization === undefined) throw new MissingAuthenticationTokenException('Request is missing Authentication Token')
    const auth = parseAuthorization(authorization, headers)
    const amzDate = requestDate(headers, authorization)
    checkSkew(amzDate, opts.now)
    checkScope(auth, amzDate, opts)
    if (!auth.signedHeaders.includes('host')) {
      throw new InvalidSignatureException(`'Host' must be a 'SignedHeader' in the AWS Authorization.`)
    }
    if (headers.has('x-amz-date') && !auth.signedHeaders.includes('x-amz-date')) {
      throw new InvalidSignatureException(`'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.`)
    }
    if (headers.has('x-amz-security-token') && !auth.signedHeaders.includes('x-amz-security-token')) {
      throw new InvalidSignatureException(`'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.`)
    }
    const credential = opts.lookup(auth.accessKeyId)
    if (!credential || !sessionTokenMatches(headers.get('x-amz-security-token'), credential.sessionToken)) {
      throw new UnrecognizedClientException('The security token included in the request is invalid.')
    }

    const canonical = canonicalRequest(req, headers, auth.signedHeaders)
    const scope = `${auth.scopeDate}/${auth.scopeRegion}/${auth.scopeService}/aws4_request`
    const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`
    const expected = createHmac('sha256', this.signingKey(credential, auth)).update(stringToSign).digest()
    const provided = Buffer.from(auth.signature, 'hex')
    if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
      throw new InvalidSignatureException(SIGNATURE_MISMATCH)
    }
    return auth.accessKeyId
  }

  private signingKey(credential: Credential, auth: ParsedAuthorization): Buffer {
    const cacheKey = `${credential.accessKeyId}/${auth.scopeDate}/${auth.scopeRegion}/${auth.scopeService}`
    const hit = this.signingKeys.get(cacheKey)
    if (hit && hit.secret === credential.secretAccessKey) return hit.key
    const kDate = hmac(`AWS4${credential.secretAccessKey}`, auth.scopeDate)
    const kRegion = hmac(kDate, auth.scopeRegion)
    const kService = hmac(kRegion, auth.scopeService)
    const key = hmac(kService, 'aws4_request')
    if (this.signingKeys.size > 10_000) this.signingKeys.clear()
    this.signingKeys.set(cacheKey, { secret: credential.secretAccessKey, key })
    return key
  }
}

/** A session token is required exactly for temporary credentials, and must be theirs. */
function sessionTokenMatches(given: string | undefined, expected: string | undefined): boolean {
  if (given === undefined || expected === undefined) return given === expected
  const [a, b] = [Buffer.from(given), Buffer.from(expected)]
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Lower-cased header names to values; repeated headers joined with ',' as SigV4 specifies. */
function collectHeaders(raw: readonly string[]): Map<string, string> {
  const map = new Map<string, string>()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const value = raw[i + 1]!.trim().replace(/\s+/g, ' ')
    const prev = map.get(name)
    map.set(name, prev === undefined ? value : `${prev},${value}`)
  }
  return map
}

function parseAuthorization(value: string, headers: Map<string, string>): ParsedAuthorization {
  const space = value.indexOf(' ')
  const algorithm = space < 0 ? value : value.slice(0, space)
  if (algorithm !== ALGORITHM) {
    if (algorithm.startsWith('AWS4-')) throw new IncompleteSignatureException(`Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `)
    throw new IncompleteSignatureException(`Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${value}`)
  }
  const params = new Map<string, string>()
  for (const part of value.slice(space + 1).split(',')) {
    const item = part.trim()
    if (item === '') continue
    const eq = item.indexOf('=')
    if (eq < 0) throw new IncompleteSignatureException(`'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`)
    params.set(item.slice(0, eq), item.slice(eq + 1))
  }
  const missing: string[] = []
  for (const p of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(p)) missing.push(`Authorization header requires '${p}' parameter.`)
  }
  if (!headers.has('x-amz-date') && !headers.has('date')) {
    missing.push(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`)
  }
  if (missing.length) throw new IncompleteSignatureException(`${missing.join(' ')} Authorization=${value}`)

  const credential = params.get('Credential')!.split('/')
  if (credential.length !== 5 || credential.some((p) => p === '')) {
    throw new IncompleteSignatureException(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${params.get('Credential')}'`)
  }
  const signature = params.get('Signature')!
  if (!/^[0-9a-f]{64}$/.test(signature)) throw new InvalidSignatureException(SIGNATURE_MISMATCH)
  const [accessKeyId, scopeDate, scopeRegion, scopeService, terminator] = credential as [string, string, string, string, string]
  return { accessKeyId, scopeDate, scopeRegion, scopeService, terminator, signedHeaders: params.get('SignedHeaders')!.split(';'), signature }
}

/** The request time in ISO-8601 basic format, from X-Amz-Date or else Date. */
function requestDate(headers: Map<string, string>, authorization: string): string {
  const amz = headers.get('x-amz-date')
  if (amz !== undefined) {
    if (!/^\d{8}T\d{6}Z$/.test(amz)) throw new IncompleteSignatureException(`Date must be in ISO-8601 'basic format'. Got '${amz}'. See http://en.wikipedia.org/wiki/ISO_8601`)
    return amz
  }
  const ms = Date.parse(headers.get('date') ?? '')
  if (Number.isNaN(ms)) throw new IncompleteSignatureException(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`)
  return basicFormat(ms)
}

function checkSkew(amzDate: string, now: number): void {
  const signedAt = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15))
  if (signedAt < now - MAX_SKEW_MS) {
    throw new InvalidSignatureException(`Signature expired: ${amzDate} is now earlier than ${basicFormat(now - MAX_SKEW_MS)} (${basicFormat(now)} - 5 min.)`)
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw new InvalidSignatureException(`Signature not yet current: ${amzDate} is still later than ${basicFormat(now + MAX_SKEW_MS)} (${basicFormat(now)} + 5 min.)`)
  }
}

function checkScope(auth: ParsedAuthorization, amzDate: string, opts: VerifyOptions): void {
  if (auth.scopeDate !== amzDate.slice(0, 8)) {
    throw new InvalidSignatureException(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`)
  }
  if (auth.scopeRegion !== opts.region) throw new InvalidSignatureException(`Credential should be scoped to a valid region, not '${auth.scopeRegion}'. `)
  if (auth.scopeService !== opts.service) throw new InvalidSignatureException(`Credential should be scoped to correct service: '${opts.service}'. `)
  if (auth.terminator !== 'aws4_request') throw new InvalidSignatureException(`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `)
}

function canonicalRequest(req: SignedRequest, headers: Map<string, string>, signedHeaders: string[]): string {
  const q = req.url.indexOf('?')
  const path = q < 0 ? req.url : req.url.slice(0, q)
  const query = q < 0 ? '' : req.url.slice(q + 1)
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${headers.get(h) ?? ''}\n`).join('')
  // Always the hash of the bytes received: a (signed) X-Amz-Content-Sha256 header is only the client's
  // claim about the body, and trusting it would let a body be swapped under a valid signature.
  const payloadHash = sha256Hex(req.body)
  return `${req.method}\n${canonicalUri(path)}\n${canonicalQuery(query)}\n${canonicalHeaders}\n${signedHeaders.join(';')}\n${payloadHash}`
}

/** Non-S3 services: each segment is normalized and URI-encoded twice (once by the client, once here). */
function canonicalUri(path: string): string {
  if (path === '/' || path === '') return '/'
  const segments: string[] = []
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') segments.pop()
    else segments.push(seg)
  }
  const encoded = '/' + segments.map((s) => rfc3986(rfc3986(safeDecode(s)))).join('/')
  return path.endsWith('/') && segments.length ? `${encoded}/` : encoded
}

function canonicalQuery(query: string): string {
  if (query === '') return ''
  return query.split('&').filter((p) => p !== '').map((pair) => {
    const eq = pair.indexOf('=')
    const name = eq < 0 ? pair : pair.slice(0, eq)
    const value = eq < 0 ? '' : pair.slice(eq + 1)
    return [rfc3986(safeDecode(name)), rfc3986(safeDecode(value))] as const
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`).join('&')
}

const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

function safeDecode(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, '%20')) } catch { return s }
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest()
const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')

export function basicFormat(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}
