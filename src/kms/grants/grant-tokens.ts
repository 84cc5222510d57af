/**
 * Grant tokens. AWS describes them as "unique, nonsecret, variable-length, base64-encoded"; a grantee
 * passes one in GrantTokens to use a grant at once, before eventual consistency. Trent's token names
 * the grant and its key and carries an HMAC-SHA256 of both under a random key kept sealed by the keyring
 * (settings `grant-token-key`), so a token cannot be forged or altered, reveals nothing secret, and is
 * the same every time for the same grant (Name idempotency answers the same token).
 *
 *   base64( 0x01 | grant id (32 bytes) | MAC (32 bytes) | key id (UTF-8) )
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Keyring } from '../../keyring/keyring.js'
import type { Storage } from '../../storage/types.js'
import { InvalidGrantTokenException } from '../errors.js'
import { SealedSettingKey } from '../sealed-setting-key.js'

const VERSION = 0x01
const ID_BYTES = 32
const MAC_BYTES = 32
const HEADER = 1 + ID_BYTES + MAC_BYTES
const MAX_KEY_ID_BYTES = 256

/** What a valid token names. */
export interface GrantTokenClaims { keyId: string; grantId: string }

export const INVALID_GRANT_TOKEN = 'The request was rejected because the specified grant token is not valid.'

export class GrantTokens {
  private readonly macKey: SealedSettingKey

  constructor(keyring: Keyring, store: Storage) {
    this.macKey = new SealedSettingKey(keyring, store, 'grant-token-key', Buffer.from('trent:grant-token-key:v1', 'utf8'))
  }

  async mint(claims: GrantTokenClaims): Promise<string> {
    const mac = await this.mac(claims)
    return Buffer.concat([Buffer.from([VERSION]), Buffer.from(claims.grantId, 'hex'), mac, Buffer.from(claims.keyId, 'utf8')]).toString('base64')
  }

  /** The claims of a token minted here, or undefined for anything else (malformed, altered, forged). */
  async open(token: string): Promise<GrantTokenClaims | undefined> {
    const bytes = Buffer.from(token, 'base64')
    // Strict base64: Buffer.from skips junk, so a token must survive the round trip unchanged.
    if (bytes.length <= HEADER || bytes.length > HEADER + MAX_KEY_ID_BYTES || bytes.toString('base64') !== token || bytes[0] !== VERSION) return undefined
    const claims = { grantId: bytes.subarray(1, 1 + ID_BYTES).toString('hex'), keyId: bytes.subarray(HEADER).toString('utf8') }
    const expected = await this.mac(claims)
    return timingSafeEqual(expected, bytes.subarray(1 + ID_BYTES, HEADER)) ? claims : undefined
  }

  /**
   * Checks the GrantTokens parameter of a request: every token must be one Trent minted, else
   * InvalidGrantTokenException. Answers what each names (the grant may since have been retired).
   */
  async check(tokens: readonly string[] | undefined): Promise<GrantTokenClaims[]> {
    const claims: GrantTokenClaims[] = []
    for (const token of tokens ?? []) {
      const opened = await this.open(token)
      if (!opened) throw new InvalidGrantTokenException(INVALID_GRANT_TOKEN)
      claims.push(opened)
    }
    return claims
  }

  private async mac(c: GrantTokenClaims): Promise<Buffer> {
    return createHmac('sha256', await this.macKey.get()).update(`trent:grant-token:v1\0${c.grantId}\0${c.keyId}`, 'utf8').digest()
  }
}
