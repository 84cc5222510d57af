/** node:crypto behind the hash interface @smithy/signature-v4 expects, for tests that sign raw requests. */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'

/** node:crypto behind the hash interface the signer expects (an HMAC when given a secret). */
export class Sha256 {
  private hash: Hash | Hmac
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) { this.hash = this.fresh() }
  update(chunk: Uint8Array): void { this.hash.update(chunk) }
  async digest(): Promise<Uint8Array> { return new Uint8Array(this.hash.digest()) }
  reset(): void { this.hash = this.fresh() }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256')
    const key = typeof this.secret === 'string' ? this.secret
      : ArrayBuffer.isView(this.secret) ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength) : Buffer.from(this.secret)
    return createHmac('sha256', key)
  }
}
