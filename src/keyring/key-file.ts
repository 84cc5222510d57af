/**
 * Keyring backed by a 256-bit root key in a file (mode 0600) in the data directory.
 * Sealed layout: version(1) || iv(12) || AES-256-GCM ciphertext || tag(16); AAD = caller's AAD.
 */
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, openSync, readFileSync, statSync, writeSync, closeSync, fsyncSync } from 'node:fs'
import { gcmDecrypt, gcmEncrypt, GCM_IV_BYTES, GCM_TAG_BYTES } from '../crypto/aes-gcm.js'
import { KeyringError, type Keyring } from './keyring.js'

const VERSION = 0x01
const PREFIX = 'trent-root-key-v1:'

export class KeyFileKeyring implements Keyring {
  readonly id: string

  private constructor(private readonly rootKey: Buffer) {
    this.id = createHash('sha256').update('trent keyring id').update(rootKey).digest('hex').slice(0, 16)
  }

  /** Loads the root key file, creating it (exclusively, 0600) when it does not exist yet. */
  static openOrCreate(path: string, onInsecureMode: (message: string) => void): KeyFileKeyring {
    if (!existsSync(path)) {
      const fd = openSync(path, 'wx', 0o600)
      try {
        writeSync(fd, `${PREFIX}${randomBytes(32).toString('base64')}\n`)
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    }
    const mode = statSync(path).mode & 0o777
    if (mode & 0o077) {
      onInsecureMode(`root key file ${path} has mode ${mode.toString(8)}; setting it to 600`)
      chmodSync(path, 0o600)
    }
    const text = readFileSync(path, 'utf8').trim()
    if (!text.startsWith(PREFIX)) throw new KeyringError(`${path} is not a Trent root key file`)
    const key = Buffer.from(text.slice(PREFIX.length), 'base64')
    if (key.length !== 32) throw new KeyringError(`${path} does not hold a 256-bit key`)
    return new KeyFileKeyring(key)
  }

  async seal(plaintext: Buffer, aad: Buffer): Promise<Buffer> {
    const iv = randomBytes(GCM_IV_BYTES)
    const { ciphertext, tag } = gcmEncrypt(this.rootKey, iv, plaintext, aad)
    return Buffer.concat([Buffer.from([VERSION]), iv, ciphertext, tag])
  }

  async unseal(sealed: Buffer, aad: Buffer): Promise<Buffer> {
    if (sealed.length < 1 + GCM_IV_BYTES + GCM_TAG_BYTES || sealed[0] !== VERSION) {
      throw new KeyringError('sealed value has an unknown format')
    }
    const iv = sealed.subarray(1, 1 + GCM_IV_BYTES)
    const body = sealed.subarray(1 + GCM_IV_BYTES, sealed.length - GCM_TAG_BYTES)
    const tag = sealed.subarray(sealed.length - GCM_TAG_BYTES)
    const plaintext = gcmDecrypt(this.rootKey, iv, body, tag, aad)
    if (!plaintext) throw new KeyringError('sealed value does not unseal under this root key')
    return plaintext
  }
}
