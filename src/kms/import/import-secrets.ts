/**
 * The secrets of importing, all rooted in the keyring:
 * - import tokens: a sealed {tokenId, key ARN, expiry}, so a token is tamper-evident and names its key
 *   and its wrapping key without any lookup (AWS: the public key and token are "an indivisible set");
 * - wrapping private keys, sealed with AAD = key ARN and token id, so one can only serve its own token;
 * - key material ids of imported material: HMAC-SHA256 under a random 256-bit fingerprint key (sealed in
 *   the store's settings) of the key id and the material. AWS derives the id "based on the KMS key ID and
 *   the imported key material"; being keyed, it reveals nothing about the material, and re-imports are
 *   compared with it, so no plaintext copy of the material is ever kept.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Keyring } from '../../keyring/keyring.js'
import type { Storage } from '../../storage/types.js'
import { SealedSettingKey } from '../sealed-setting-key.js'

const TOKEN_AAD = Buffer.from('trent:import-token:v1', 'utf8')
const FINGERPRINT_SETTING = 'import-fingerprint-key'
const FINGERPRINT_AAD = Buffer.from('trent:import-fingerprint-key:v1', 'utf8')

export interface ImportTokenClaims { tokenId: string; keyArn: string; notAfter: number }

export class ImportSecrets {
  private readonly fingerprintKey: SealedSettingKey

  constructor(private readonly keyring: Keyring, store: Storage) {
    this.fingerprintKey = new SealedSettingKey(keyring, store, FINGERPRINT_SETTING, FINGERPRINT_AAD)
  }

  sealToken(claims: ImportTokenClaims): Promise<Buffer> {
    return this.keyring.seal(Buffer.from(JSON.stringify(claims), 'utf8'), TOKEN_AAD)
  }

  /** The claims of a token this keyring sealed, or undefined for anything else (tampered, foreign, garbage). */
  async openToken(token: Buffer): Promise<ImportTokenClaims | undefined> {
    try {
      const claims = JSON.parse((await this.keyring.unseal(token, TOKEN_AAD)).toString('utf8')) as Partial<ImportTokenClaims>
      if (typeof claims.tokenId !== 'string' || typeof claims.keyArn !== 'string' || typeof claims.notAfter !== 'number') return undefined
      return { tokenId: claims.tokenId, keyArn: claims.keyArn, notAfter: claims.notAfter }
    } catch {
      return undefined
    }
  }

  sealWrappingKey(privateKeyDer: Buffer, keyArn: string, tokenId: string): Promise<Buffer> {
    return this.keyring.seal(privateKeyDer, wrappingKeyAad(keyArn, tokenId))
  }

  unsealWrappingKey(sealed: Buffer, keyArn: string, tokenId: string): Promise<Buffer> {
    return this.keyring.unseal(sealed, wrappingKeyAad(keyArn, tokenId))
  }

  /** The KeyMaterialId of imported material: 64 hex characters, the same for the same key and material. */
  async materialId(keyId: string, material: Buffer): Promise<string> {
    const key = await this.fingerprintKey.get()
    return createHmac('sha256', key).update(`trent:imported-material:v1\0${keyId}\0`, 'utf8').update(material).digest('hex')
  }
}

/** Compares two material ids without leaking where they differ. */
export function sameMaterialId(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')]
  return x.length === y.length && timingSafeEqual(x, y)
}

function wrappingKeyAad(keyArn: string, tokenId: string): Buffer {
  return Buffer.from(`trent:import-wrapping-key:v1\0${keyArn}\0${tokenId}`, 'utf8')
}

export const newTokenId = (): string => randomBytes(16).toString('hex')
