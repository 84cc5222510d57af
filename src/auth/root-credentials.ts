/**
 * The default account's root credentials: given in the environment, or generated on the first start,
 * stored sealed under the keyring, and shown once on stderr. The secret is only ever in memory.
 */
import { randomBytes, randomInt } from 'node:crypto'
import type { Keyring } from '../keyring/keyring.js'
import type { Storage } from '../storage/types.js'
import type { Credential } from '../api/sigv4.js'
import { rootPrincipal, type Principal } from './principal.js'

const SETTING = 'root-credentials'
const AAD = Buffer.from('trent:root-credentials:v1', 'utf8')
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export interface CredentialEntry extends Credential {
  principal: Principal
  /** Temporary credentials only: when they stop working (ms since the epoch). */
  expiresAt?: number
}

export interface RootCredentialResult { entry: CredentialEntry; generated: boolean }

export async function loadRootCredentials(
  store: Storage, keyring: Keyring, accountId: string, given: Credential | undefined,
): Promise<RootCredentialResult> {
  const sealed = await store.read.getSetting(SETTING)
  let credential: Credential | undefined = given
  let generated = false
  if (!credential && sealed) {
    credential = JSON.parse((await keyring.unseal(sealed, AAD)).toString('utf8')) as Credential
  }
  if (!credential) {
    credential = generateCredential()
    generated = true
  }
  if (given || generated) {
    const value = await keyring.seal(Buffer.from(JSON.stringify(credential), 'utf8'), AAD)
    await store.transaction(async (tx) => tx.putSetting(SETTING, value))
  }
  const principal = rootPrincipal(accountId, credential.accessKeyId)
  return { entry: { ...credential, principal }, generated }
}

/** AWS-shaped credentials: AKIA + 16 base32 characters, and a 40-character secret. */
export function generateCredential(): Credential {
  let id = 'AKIA'
  for (let i = 0; i < 16; i++) id += BASE32[randomInt(BASE32.length)]
  return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64') }
}
