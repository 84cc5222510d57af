/**
 * Settings, from command-line flags over environment variables over defaults, validated once at start.
 * Documented in README ("Configuration").
 */
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'

export interface Config {
  host: string
  port: number
  dataDir: string
  region: string
  accountId: string
  rootCredentials?: { accessKeyId: string; secretAccessKey: string }
  logLevel: string
  /** How long a node may serve a cached key record before re-reading it. */
  keyCacheMs: number
  /** How often background jobs (deletion, rotation) look for due work. */
  jobIntervalMs: number
  /** Explicit dev mode: exposes POST /_trent/dev/clock so tests can move time forward. Never in production. */
  devClock: boolean
  /** TRENT_DEBUG_COUNTERS=1: GET /_trent/debug/counters shows the store's commit and audit-record counters (for the bench). */
  debugCounters: boolean
  maxBodyBytes: number
  requestTimeoutMs: number
  /** Worker threads for slow private-key operations; 0 runs them on the event loop. */
  cryptoWorkers: number
  /** Keys and aliases to create at start (JSON or YAML), applied idempotently. */
  seedFile?: string
  /** The root key file (default `<dataDir>/root.key`); every node of a deployment must use the same key. */
  rootKeyFile: string
  /** PostgreSQL instead of the embedded SQLite store, when set. */
  database?: { url: string; schema: string; timeoutMs: number; poolSize: number }
  /** Trusted services (principal ARN -> kms:ViaService name) that may act for users (api/via-service.ts). */
  trustedServices: Record<string, string>
}

export const DEFAULT_ACCOUNT_ID = '000000000000'

const FLAGS: Record<string, string> = {
  '--host': 'TRENT_HOST', '--port': 'TRENT_PORT', '--data-dir': 'TRENT_DATA_DIR', '--region': 'TRENT_REGION',
  '--account-id': 'TRENT_ACCOUNT_ID', '--log-level': 'TRENT_LOG_LEVEL', '--seed-file': 'TRENT_SEED_FILE',
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): Config {
  const values: Record<string, string | undefined> = { ...env }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined]
    const name = FLAGS[flag]
    if (!name) throw new ConfigError(`unknown option ${flag}; known: ${Object.keys(FLAGS).join(', ')}`)
    const value = inline ?? argv[++i]
    if (value === undefined) throw new ConfigError(`${flag} needs a value`)
    values[name] = value
  }
  const get = (name: string, fallback: string): string => values[name] ?? fallback

  const region = get('TRENT_REGION', 'us-east-1')
  if (!/^[a-z]{2}(-[a-z0-9]+)+-\d+$/.test(region)) throw new ConfigError(`TRENT_REGION '${region}' is not a Region name such as us-east-1`)
  const accountId = get('TRENT_ACCOUNT_ID', DEFAULT_ACCOUNT_ID)
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`TRENT_ACCOUNT_ID '${accountId}' must be 12 digits`)

  const accessKeyId = values['TRENT_ROOT_ACCESS_KEY_ID']
  const secretAccessKey = values['TRENT_ROOT_SECRET_ACCESS_KEY']
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError('TRENT_ROOT_ACCESS_KEY_ID and TRENT_ROOT_SECRET_ACCESS_KEY must be given together')
  }
  if (accessKeyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw new ConfigError('TRENT_ROOT_ACCESS_KEY_ID must be 16-128 upper-case letters and digits')
  }
  if (secretAccessKey !== undefined && secretAccessKey.length < 20) {
    throw new ConfigError('TRENT_ROOT_SECRET_ACCESS_KEY must be at least 20 characters')
  }

  const dataDir = resolve(get('TRENT_DATA_DIR', './trent-data'))
  const databaseUrl = values['TRENT_DATABASE_URL']
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('TRENT_DATABASE_URL must be a postgres:// or postgresql:// URL')
  }
  const schema = get('TRENT_DATABASE_SCHEMA', 'public')
  if (!/^[a-z_][a-z0-9_]{0,47}$/.test(schema)) throw new ConfigError(`TRENT_DATABASE_SCHEMA '${schema}' must be a lower-case identifier`)
  return {
    host: get('TRENT_HOST', '127.0.0.1'),
    port: integer('TRENT_PORT', get('TRENT_PORT', '4599'), 0, 65535),
    dataDir,
    region,
    accountId,
    ...(accessKeyId && secretAccessKey ? { rootCredentials: { accessKeyId, secretAccessKey } } : {}),
    logLevel: get('TRENT_LOG_LEVEL', 'info'),
    keyCacheMs: integer('TRENT_KEY_CACHE_MS', get('TRENT_KEY_CACHE_MS', '1000'), 0, 60_000),
    jobIntervalMs: integer('TRENT_JOB_INTERVAL_MS', get('TRENT_JOB_INTERVAL_MS', '60000'), 100, 86_400_000),
    devClock: get('TRENT_DEV_CLOCK', '0') === '1',
    debugCounters: get('TRENT_DEBUG_COUNTERS', '0') === '1',
    maxBodyBytes: 256 * 1024,
    requestTimeoutMs: integer('TRENT_REQUEST_TIMEOUT_MS', get('TRENT_REQUEST_TIMEOUT_MS', '30000'), 1000, 600_000),
    // One core is the event loop's; the workers take the others (at least one).
    cryptoWorkers: integer('TRENT_CRYPTO_WORKERS', get('TRENT_CRYPTO_WORKERS', String(Math.max(1, availableParallelism() - 1))), 0, 256),
    ...(values['TRENT_SEED_FILE'] ? { seedFile: resolve(values['TRENT_SEED_FILE']) } : {}),
    trustedServices: trustedServices(values['TRENT_TRUSTED_SERVICES']),
    rootKeyFile: resolve(get('TRENT_ROOT_KEY_FILE', join(dataDir, 'root.key'))),
    ...(databaseUrl === undefined ? {} : {
      database: {
        url: databaseUrl,
        schema,
        timeoutMs: integer('TRENT_DATABASE_TIMEOUT_MS', get('TRENT_DATABASE_TIMEOUT_MS', '5000'), 100, 600_000),
        poolSize: integer('TRENT_DATABASE_POOL_SIZE', get('TRENT_DATABASE_POOL_SIZE', '8'), 1, 1000),
      },
    }),
  }
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} '${value}' must be an integer from ${min} to ${max}`)
  return n
}

const SERVICE_PRINCIPAL = /^arn:aws:(iam|sts)::\d{12}:\S+$/
const SERVICE_NAME = /^[a-z0-9][a-z0-9.-]*$/

/** TRENT_TRUSTED_SERVICES: a JSON object from principal ARN to the service name kms:ViaService carries. */
function trustedServices(text: string | undefined): Record<string, string> {
  if (text === undefined || text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ConfigError('TRENT_TRUSTED_SERVICES must be a JSON object such as {"arn:aws:iam::111122223333:user/gateway": "gateway.example.com"}')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('TRENT_TRUSTED_SERVICES must be a JSON object')
  const out: Record<string, string> = {}
  for (const [arn, name] of Object.entries(parsed)) {
    if (!SERVICE_PRINCIPAL.test(arn)) throw new ConfigError(`TRENT_TRUSTED_SERVICES: '${arn}' is not a principal ARN`)
    if (typeof name !== 'string' || !SERVICE_NAME.test(name)) throw new ConfigError(`TRENT_TRUSTED_SERVICES: the service name for ${arn} must be a lower-case DNS-style name`)
    out[arn] = name
  }
  return out
}
