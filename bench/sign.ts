/**
 * Pre-signing with the real AWS SDK: a KMSClient whose request handler captures the fully built and
 * SigV4-signed request instead of sending it. The bytes are therefore exactly what an SDK client sends
 * (host, x-amz-date, x-amz-target, x-amz-content-sha256, user agents, invocation id, authorization).
 * SigV4 lets a signed request be replayed within the 5-minute skew window, so each run signs its pool
 * just before it starts.
 */
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, GenerateMacCommand, KMSClient, SignCommand, VerifyCommand,
  type KMSClientConfig,
} from '@aws-sdk/client-kms'
import { CREDENTIALS, REGION } from './constants.js'
import { toRawRequest, type CapturedRequest } from './raw-http.js'

class Captured extends Error {
  constructor(readonly request: CapturedRequest) { super('captured') }
}

interface SdkHttpRequest { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }

/** The JSON protocol hands over the body as bytes (a Uint8Array subclass whose string methods warn). */
function bodyBytes(body: unknown): Buffer {
  if (body instanceof Uint8Array) return Buffer.from(new Uint8Array(body.buffer, body.byteOffset, body.byteLength))
  return Buffer.from(typeof body === 'string' ? body : '', 'utf8')
}

// The SDK warns once that its 2027 releases need Node 22; irrelevant to a bench's output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

export type Operation = 'CreateKey' | 'Encrypt' | 'Decrypt' | 'GenerateDataKey' | 'Sign' | 'Verify' | 'GenerateMac'

export class Presigner {
  private readonly client: KMSClient

  constructor(port: number, credentials: { accessKeyId: string; secretAccessKey: string } = CREDENTIALS) {
    const requestHandler = {
      handle: async (request: SdkHttpRequest): Promise<never> => {
        if (request.query && Object.keys(request.query).length) throw new Error('unexpected query string')
        throw new Captured({ method: request.method, path: request.path, headers: { ...request.headers }, body: bodyBytes(request.body) })
      },
    }
    this.client = new KMSClient({
      region: REGION, endpoint: `http://127.0.0.1:${port}`, credentials, maxAttempts: 1,
      requestHandler: requestHandler as unknown as KMSClientConfig['requestHandler'],
    })
  }

  /** The raw bytes of one signed request, as the SDK would put them on the wire. */
  async sign(op: Operation, input: Record<string, unknown>): Promise<Buffer> {
    const command = op === 'CreateKey' ? new CreateKeyCommand(input)
      : op === 'Encrypt' ? new EncryptCommand(input as never)
        : op === 'Decrypt' ? new DecryptCommand(input as never)
          : op === 'Sign' ? new SignCommand(input as never)
            : op === 'Verify' ? new VerifyCommand(input as never)
              : op === 'GenerateMac' ? new GenerateMacCommand(input as never)
                : new GenerateDataKeyCommand(input as never)
    try {
      await this.client.send(command as never)
    } catch (err) {
      if (err instanceof Captured) return toRawRequest(err.request)
      throw err
    }
    throw new Error('the request handler did not capture the request')
  }

  async signMany(count: number, op: Operation, input: (i: number) => Record<string, unknown>): Promise<Buffer[]> {
    const out: Buffer[] = []
    for (let i = 0; i < count; i++) out.push(await this.sign(op, input(i)))
    return out
  }

  destroy(): void {
    this.client.destroy()
  }
}
