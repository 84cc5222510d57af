#!/usr/bin/env node
/**
 * The `trent` command. `trent server` runs the KMS endpoint in the foreground until SIGTERM/SIGINT;
 * `trent migrate` and `trent copy-store` administer a PostgreSQL store (store-commands.ts);
 * `trent audit verify|export` checks and exports the audit trail (cli/audit.ts).
 */
import { ConfigError, loadConfig } from '../config/config.js'
import { startTrent } from '../main.js'
import { AUDIT_USAGE, auditCommand } from './audit.js'
import { accountCommand } from './account-commands.js'
import { copyStoreCommand, migrateCommand } from './store-commands.js'

const USAGE = `usage: trent server [--host H] [--port P] [--data-dir D] [--region R] [--account-id A] [--log-level L] [--seed-file F]
       trent migrate                      apply schema migrations to TRENT_DATABASE_URL
       trent copy-store [--from DATA_DIR] copy an embedded SQLite store onto an empty TRENT_DATABASE_URL
       trent account create [--account-id N]  create an account and print its root credentials once
       trent account list                 list the accounts
${AUDIT_USAGE}
Settings can also come from the environment (TRENT_HOST, TRENT_PORT, ...); see README.`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const out = (line: string) => process.stdout.write(`${line}\n`)
  if (command === 'migrate') return migrateCommand(rest, out)
  if (command === 'copy-store') return copyStoreCommand(rest, out)
  if (command === 'audit') return auditCommand(rest, process.env, out)
  if (command === 'account') return accountCommand(rest, out)
  if (command !== 'server') {
    process.stderr.write(`${USAGE}\n`)
    return command === undefined || command === '--help' || command === 'help' ? 0 : 2
  }
  const config = loadConfig(process.env, rest)
  const trent = await startTrent(config, {
    onGeneratedCredentials: (id, secret) => {
      process.stderr.write(
        `\nTrent generated root credentials for account ${config.accountId}. They are shown only this once:\n` +
        `  AWS_ACCESS_KEY_ID=${id}\n  AWS_SECRET_ACCESS_KEY=${secret}\n\n`,
      )
    },
  })
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
  await trent.close()
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`trent: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  },
)
