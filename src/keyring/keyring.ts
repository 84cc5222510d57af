/**
 * The root of trust: everything secret that Trent stores (key material, credentials) is sealed by a
 * Keyring before it reaches storage. Implementations: a key file (key-file.ts); a passphrase or a
 * PKCS#11 HSM can implement the same interface. The AAD binds each sealed value to where it belongs
 * (for key material: key ARN and material id), so a sealed value moved elsewhere will not unseal.
 */
export interface Keyring {
  /** A short, non-secret identifier of the root key, recorded to detect a wrong root key at start. */
  readonly id: string
  seal(plaintext: Buffer, aad: Buffer): Promise<Buffer>
  /** Throws KeyringError when the value was not sealed by this keyring with this AAD. */
  unseal(sealed: Buffer, aad: Buffer): Promise<Buffer>
}

export class KeyringError extends Error {
  override readonly name = 'KeyringError'
}
