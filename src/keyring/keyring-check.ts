/**
 * Detects, at start, a data directory opened with the wrong root key (a restored database with a
 * different key file, say): a known value is sealed once and must unseal on every later start.
 */
import { randomBytes } from 'node:crypto'
import type { Storage } from '../storage/types.js'
import { KeyringError, type Keyring } from './keyring.js'

const SETTING = 'keyring-check'
const AAD = Buffer.from('trent:keyring-check:v1', 'utf8')

export async function checkKeyring(store: Storage, keyring: Keyring): Promise<void> {
  const sealed = await store.read.getSetting(SETTING)
  if (!sealed) {
    const value = await keyring.seal(randomBytes(32), AAD)
    await store.transaction(async (tx) => tx.putSetting(SETTING, value))
    return
  }
  try {
    await keyring.unseal(sealed, AAD)
  } catch {
    throw new KeyringError(`the root key (id ${keyring.id}) is not the one this data was sealed with; refusing to start`)
  }
}
