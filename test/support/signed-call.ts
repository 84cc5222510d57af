/** Raw requests signed by @smithy/signature-v4 (the SDKs' signer), for services without an SDK client here. */
import { SignatureV4 } from '@smithy/signature-v4'
import { serverNow } from './kms-assert.js'
import { REGION, ROOT_CREDENTIALS, type TrentProcess } from './server.js'
import { Sha256 } from './sha256.js'

export interface SignedCall {
  service: string
  target: string
  body: unknown
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

export async function signedCall(trent: TrentProcess, c: SignedCall): Promise<{ status: number; json: Record<string, any> }> {
  const url = new URL(trent.url)
  const body = JSON.stringify(c.body)
  const headers = { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': c.target }
  const signer = new SignatureV4({ service: c.service, region: REGION, credentials: c.credentials ?? ROOT_CREDENTIALS, sha256: Sha256 })
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers, body },
    { signingDate: new Date(serverNow(trent)) })
  const sent: Record<string, string> = { ...signed.headers }
  delete sent['host']
  const res = await fetch(trent.url, { method: 'POST', headers: sent, body })
  return { status: res.status, json: JSON.parse(await res.text()) as Record<string, any> }
}
