import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SigV4Verifier, type SignedRequest, type VerifyOptions } from './sigv4.js'

// AWS's published Signature Version 4 test suite: credentials, scope and time of every vector.
const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const SUITE_TIME = Date.UTC(2015, 7, 30, 12, 36, 0)
const options = (now = SUITE_TIME): VerifyOptions => ({
  region: 'us-east-1', service: 'service', now,
  lookup: (id) => (id === 'AKIDEXAMPLE' ? { accessKeyId: id, secretAccessKey: SUITE_SECRET } : undefined),
})

function suiteRequest(method: string, url: string, signature: string, extra: string[] = []): SignedRequest {
  return {
    method, url, body: Buffer.alloc(0),
    rawHeaders: [
      'Host', 'example.amazonaws.com', 'X-Amz-Date', '20150830T123600Z', ...extra,
      'Authorization', `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    ],
  }
}

const VECTORS: [string, string, string, string][] = [
  ['get-vanilla', 'GET', '/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
  ['get-vanilla-query-order-key-case', 'GET', '/?Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ['post-vanilla', 'POST', '/', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ['post-vanilla-empty-query-value', 'POST', '/?Param1=value1', '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11'],
]

for (const [name, method, url, signature] of VECTORS) {
  test(`AWS SigV4 test suite: ${name} verifies`, () => {
    assert.equal(new SigV4Verifier().verify(suiteRequest(method, url, signature), options()), 'AKIDEXAMPLE')
  })
}

test('a changed signature, method, path or body fails with AWS\'s message', () => {
  const [, method, url, signature] = VECTORS[0]!
  const message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
  const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`
  const v = new SigV4Verifier()
  assert.throws(() => v.verify(suiteRequest(method, url, flipped), options()), { name: 'InvalidSignatureException', message })
  assert.throws(() => v.verify(suiteRequest('POST', url, signature), options()), { name: 'InvalidSignatureException', message })
  assert.throws(() => v.verify(suiteRequest(method, '/other', signature), options()), { name: 'InvalidSignatureException', message })
  assert.throws(() => v.verify({ ...suiteRequest(method, url, signature), body: Buffer.from('x') }, options()), { name: 'InvalidSignatureException', message })
})

test('clock skew beyond five minutes either way is refused with AWS\'s messages', () => {
  const [, method, url, signature] = VECTORS[0]!
  const v = new SigV4Verifier()
  assert.equal(v.verify(suiteRequest(method, url, signature), options(SUITE_TIME + 299_000)), 'AKIDEXAMPLE')
  assert.throws(() => v.verify(suiteRequest(method, url, signature), options(SUITE_TIME + 301_000)), {
    name: 'InvalidSignatureException',
    message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)',
  })
  assert.throws(() => v.verify(suiteRequest(method, url, signature), options(SUITE_TIME - 301_000)), {
    name: 'InvalidSignatureException',
    message: 'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)',
  })
})

test('a session token must be signed, and temporary credentials need theirs', () => {
  const [, method, url, signature] = VECTORS[0]!
  const v = new SigV4Verifier()
  const withToken = suiteRequest(method, url, signature, ['X-Amz-Security-Token', 'token'])
  assert.throws(() => v.verify(withToken, options()), {
    name: 'InvalidSignatureException', message: "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.",
  })
  const unrecognized = { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }
  const temporary: VerifyOptions = { ...options(), lookup: (id) => ({ accessKeyId: id, secretAccessKey: SUITE_SECRET, sessionToken: 'token' }) }
  assert.throws(() => v.verify(suiteRequest(method, url, signature), temporary), unrecognized)
})

test('authentication errors name AWS\'s exceptions', () => {
  const v = new SigV4Verifier()
  const base = suiteRequest('GET', '/', VECTORS[0]![3])
  const withAuth = (auth: string): SignedRequest => ({ ...base, rawHeaders: [...base.rawHeaders.slice(0, -1), auth] })
  assert.throws(() => v.verify({ ...base, rawHeaders: base.rawHeaders.slice(0, 4) }, options()), { name: 'MissingAuthenticationTokenException' })
  assert.throws(() => v.verify(withAuth('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request'), options()), {
    name: 'IncompleteSignatureException',
    message: "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
  })
  assert.throws(() => v.verify(withAuth(base.rawHeaders.at(-1)!.replace('AKIDEXAMPLE', 'AKIDUNKNOWN')), options()), {
    name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.',
  })
  assert.throws(() => v.verify(withAuth(base.rawHeaders.at(-1)!.replace('us-east-1', 'eu-west-1')), options()), {
    name: 'InvalidSignatureException', message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
  })
  assert.throws(() => v.verify(withAuth(base.rawHeaders.at(-1)!.replace('/service/', '/kms/')), options()), {
    name: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'service'. ",
  })
  assert.throws(() => v.verify(withAuth(base.rawHeaders.at(-1)!.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date')), options()), {
    name: 'InvalidSignatureException', message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
  })
  assert.throws(() => v.verify(withAuth(base.rawHeaders.at(-1)!.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=host')), options()), {
    name: 'InvalidSignatureException', message: "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.",
  })
})
