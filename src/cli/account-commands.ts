/**
 * `trent account create [--account-id N]` and `trent account list`: accounts besides the configured
 * default one, on the store the server uses (TRENT_DATA_DIR's SQLite, or TRENT_DATABASE_URL). The new
 * account's root credentials are printed once; only their sealed copy is stored.
 */
import { mkdirSync } from 'node:fs'
import { systemClock } from '../clock.js'
import { ConfigError, loadConfig } from '../config/config.js'
import { createAccount, listAccounts } from '../iam/accounts.js'
import { KeyFileKeyring } from '../keyring/key-file.js'
import { checkKeyring } from '../keyring/keyring-check.js'
import { openStore } from '../storage/open-store.js'

export async function accountCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'create' && sub !== 'list') throw new ConfigError('usage: trent account create [--account-id N] | trent account list')
  const args = [...rest]
  const at = args.indexOf('--account-id')
  const requested = at >= 0 ? args.splice(at, 2)[1] : undefined
  if (at >= 0 && requested === undefined) throw new ConfigError('--account-id needs a 12-digit account id')
  // --account-id here names the new account, not the server's default one.
  const config = loadConfig(process.env, args)
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const keyring = KeyFileKeyring.openOrCreate(config.rootKeyFile, (message) => process.stderr.write(`${message}\n`))
  const store = await openStore(config, (err) => process.stderr.write(`database connection failed: ${err.message}\n`))
  try {
    await checkKeyring(store, keyring)
    if (sub === 'list') {
      out(`${config.accountId}  (default)`)
      for (const a of await listAccounts(store.read)) out(`${a.accountId}  created ${new Date(a.createdAt).toISOString()}`)
      return 0
    }
    const created = await createAccount({ store, keyring, clock: systemClock }, config.accountId, requested)
    out(`Created account ${created.accountId}. Its root credentials are shown only this once:`)
    out(`  AWS_ACCESS_KEY_ID=${created.accessKeyId}`)
    out(`  AWS_SECRET_ACCESS_KEY=${created.secretAccessKey}`)
    return 0
  } finally {
    await store.close()
  }
}
