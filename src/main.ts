/** Composition root: config -> keyring, storage, services -> HTTP server and jobs. */
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { pino, type Logger } from 'pino'
import { KmsApi } from './api/dispatch.js'
import { AuditDigester } from './audit/digests.js'
import { AuditLog } from './audit/audit-log.js'
import { createHttpServer } from './api/http-server.js'
import { PrincipalDirectory } from './auth/principal-directory.js'
import { principalOnBehalf } from './auth/principal-by-arn.js'
import { loadRootCredentials } from './auth/root-credentials.js'
import { QueryApi } from './api/query/query-api.js'
import { AdvanceableClock, systemClock, type Clock } from './clock.js'
import type { Config } from './config/config.js'
import { JobScheduler } from './jobs/scheduler.js'
import { KeyFileKeyring } from './keyring/key-file.js'
import { checkKeyring } from './keyring/keyring-check.js'
import type { KmsContext } from './kms/context.js'
import { cryptoOffload } from './kms/crypto-offload.js'
import { ImportSecrets } from './kms/import/import-secrets.js'
import { GrantTokens } from './kms/grants/grant-tokens.js'
import { KeyAuthzCache } from './kms/authz/key-authz-cache.js'
import { KeyRepository } from './kms/key-repository.js'
import { applySeedFile } from './seed/apply-seed.js'
import { openStore } from './storage/open-store.js'

export interface RunningTrent {
  url: string
  port: number
  jobs: JobScheduler
  /** Stops accepting connections, drains in-flight requests, stops jobs and crypto workers, closes the store. */
  close(): Promise<void>
}

export interface StartOptions {
  clock?: Clock
  log?: Logger
  /** Called once with newly generated root credentials (the CLI prints them to stderr). */
  onGeneratedCredentials?: (accessKeyId: string, secretAccessKey: string) => void
}

export async function startTrent(config: Config, opts: StartOptions = {}): Promise<RunningTrent> {
  const startedAt = performance.now()
  // Request logs are written asynchronously (buffered) so logging never blocks the event loop; close() flushes.
  const destination = opts.log ? undefined : pino.destination({ dest: 1, sync: false })
  const log = opts.log ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.secretAccessKey', '*.Plaintext'] }, destination)
  const devClock = config.devClock ? new AdvanceableClock() : undefined
  const clock = opts.clock ?? devClock ?? systemClock
  if (devClock) log.warn('TRENT_DEV_CLOCK=1: POST /_trent/dev/clock can move time forward. Never use this mode in production.')

  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const keyring = KeyFileKeyring.openOrCreate(config.rootKeyFile, (message) => log.warn(message))
  const store = await openStore(config, (err) => log.warn({ err: err.message }, 'database connection failed'))
  try {
    await checkKeyring(store, keyring)
  } catch (err) {
    await store.close()
    throw err
  }
  const root = await loadRootCredentials(store, keyring, config.accountId, config.rootCredentials)
  if (root.generated) opts.onGeneratedCredentials?.(root.entry.accessKeyId, root.entry.secretAccessKey)

  const crypto = cryptoOffload(config.cryptoWorkers, (err) => log.error({ err }, 'crypto worker failed'))
  const audit = new AuditLog(store)
  // IAM principals (users, roles, sessions, other accounts' roots): identity policies and existence for authorization.
  const directory = new PrincipalDirectory({ store, keyring, clock, defaultRoot: root.entry, cacheMs: config.keyCacheMs })
  const ctx: KmsContext = {
    keys: new KeyRepository(store, keyring, clock, config.keyCacheMs), clock, region: config.region, crypto, audit,
    imports: new ImportSecrets(keyring, store), grantTokens: new GrantTokens(keyring, store),
    identities: directory, authz: new KeyAuthzCache(store),
  }
  if (config.seedFile) {
    try {
      log.info({ seedFile: config.seedFile, ...await applySeedFile(ctx, { store, keyring, clock }, config.accountId, config.seedFile) }, 'seed file applied')
    } catch (err) {
      await crypto.close()
      await store.close()
      throw err
    }
  }
  const jobs = new JobScheduler(ctx, log, config.jobIntervalMs, new AuditDigester(store, keyring, clock))
  const api = new KmsApi({
    ctx, clock, log, directory, accountId: config.accountId,
    viaService: { trustedServices: config.trustedServices, principalOf: (arn, signer) => principalOnBehalf(store.read, directory, arn, signer) },
  })
  const query = new QueryApi({ iam: { store, keyring, clock }, directory, region: config.region, log, audit: { audit, clock, accountId: config.accountId } })
  const { server, drain } = createHttpServer({
    api, query, clock, log, maxBodyBytes: config.maxBodyBytes, requestTimeoutMs: config.requestTimeoutMs,
    ...(config.debugCounters ? { counters: () => ({ ...store.counters }) } : {}),
    ...(devClock ? { devClock: async (seconds: number) => { devClock.advance(seconds * 1000); await jobs.runNow(); return devClock.now() } } : {}),
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })
  jobs.start()
  const port = (server.address() as AddressInfo).port
  log.info({ host: config.host, port, region: config.region, accountId: config.accountId, dataDir: config.dataDir, store: config.database ? 'postgres' : 'sqlite' }, 'trent listening')

  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    jobs,
    async close() {
      await drain()
      await jobs.stop()
      await audit.drain()
      await crypto.close()
      // The bench reads these (audit records and disk flushes per second of uptime).
      log.child({}, { level: 'info' }).info({ ...store.counters, uptimeMs: Math.round(performance.now() - startedAt) }, 'audit store totals')
      await store.close()
      destination?.flushSync()
    },
  }
}
