/**
 * The digest signing key: Ed25519 (node:crypto), generated once, its private half stored only sealed by
 * the keyring (AAD binds it to its fingerprint). It is never rotated (decision in docs/decisions.md);
 * the public keys are published with validity windows all the same, so a verifier never needs to know
 * that, and a rotation can be added by closing the window and appending a key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { Keyring } from '../keyring/keyring.js'
import { StorageConflictError, type Storage, type StoreReader } from '../storage/types.js'

const PRIVATE_SETTING = 'audit.signing-key'
const PUBLIC_SETTING = 'audit.public-keys'

/** A published verification key. */
export interface PublicKeyInfo {
  fingerprint: string
  /** Base64 DER SubjectPublicKeyInfo. */
  publicKey: string
  /** ISO times; validTo absent while the key is current. */
  validFrom: string
  validTo?: string
}

export interface SigningKey {
  fingerprint: string
  privateKey: KeyObject
}

export function fingerprintOf(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex').slice(0, 32)
}

export async function publicKeys(read: StoreReader): Promise<PublicKeyInfo[]> {
  const raw = await read.getSetting(PUBLIC_SETTING)
  return raw ? (JSON.parse(raw.toString('utf8')) as PublicKeyInfo[]) : []
}

/** The current signing key, created (and its public key published) on first use. */
export async function loadSigningKey(store: Storage, keyring: Keyring, clock: Clock): Promise<SigningKey> {
  const stored = await store.read.getSetting(PRIVATE_SETTING)
  if (stored) {
    const { fingerprint, sealed } = JSON.parse(stored.toString('utf8')) as { fingerprint: string; sealed: string }
    const der = await keyring.unseal(Buffer.from(sealed, 'base64'), aad(fingerprint))
    return { fingerprint, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) }
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const fingerprint = fingerprintOf(spki)
  const sealed = await keyring.seal(privateKey.export({ format: 'der', type: 'pkcs8' }), aad(fingerprint))
  const published: PublicKeyInfo = { fingerprint, publicKey: spki.toString('base64'), validFrom: new Date(clock.now()).toISOString() }
  try {
    await store.transaction(async (tx) => {
      // addSetting refuses a second key, so nodes starting together on one database keep the first.
      await tx.addSetting(PRIVATE_SETTING, Buffer.from(JSON.stringify({ fingerprint, sealed: sealed.toString('base64') })))
      await tx.putSetting(PUBLIC_SETTING, Buffer.from(JSON.stringify([...(await publicKeys(tx)), published])))
    })
  } catch (err) {
    // Another process won the race: keep its key.
    if (!(err instanceof StorageConflictError)) throw err
  }
  return loadSigningKey(store, keyring, clock)
}

export function publicKeyObject(info: PublicKeyInfo): KeyObject {
  return createPublicKey({ key: Buffer.from(info.publicKey, 'base64'), format: 'der', type: 'spki' })
}

const aad = (fingerprint: string): Buffer => Buffer.from(`trent:audit-signing-key:v1\0${fingerprint}`, 'utf8')
