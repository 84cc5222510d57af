import { test } from 'node:test'
import assert from 'node:assert/strict'
import { availableParallelism } from 'node:os'
import { ConfigError, loadConfig } from './config.js'

test('TRENT_CRYPTO_WORKERS: one worker per core but the event loop\'s (at least one); 0 runs crypto inline', () => {
  assert.equal(loadConfig({}).cryptoWorkers, Math.max(1, availableParallelism() - 1))
  assert.equal(loadConfig({ TRENT_CRYPTO_WORKERS: '0' }).cryptoWorkers, 0)
  assert.equal(loadConfig({ TRENT_CRYPTO_WORKERS: '6' }).cryptoWorkers, 6)
  for (const bad of ['-1', '1.5', 'two', '257']) {
    assert.throws(() => loadConfig({ TRENT_CRYPTO_WORKERS: bad }), { constructor: ConfigError, message: `TRENT_CRYPTO_WORKERS '${bad}' must be an integer from 0 to 256` })
  }
})

test('TRENT_DATABASE_URL selects PostgreSQL with its schema, timeout and pool size; SQLite stays the default', () => {
  assert.equal(loadConfig({}).database, undefined)
  assert.deepEqual(loadConfig({ TRENT_DATABASE_URL: 'postgres://db/trent' }).database, { url: 'postgres://db/trent', schema: 'public', timeoutMs: 5000, poolSize: 8 })
  assert.deepEqual(loadConfig({ TRENT_DATABASE_URL: 'postgresql://db/t', TRENT_DATABASE_SCHEMA: 'kms', TRENT_DATABASE_TIMEOUT_MS: '1500', TRENT_DATABASE_POOL_SIZE: '4' }).database,
    { url: 'postgresql://db/t', schema: 'kms', timeoutMs: 1500, poolSize: 4 })
  assert.throws(() => loadConfig({ TRENT_DATABASE_URL: 'mysql://db' }), { constructor: ConfigError, message: 'TRENT_DATABASE_URL must be a postgres:// or postgresql:// URL' })
  assert.throws(() => loadConfig({ TRENT_DATABASE_URL: 'postgres://db', TRENT_DATABASE_SCHEMA: 'Bad;drop' }), { constructor: ConfigError, message: "TRENT_DATABASE_SCHEMA 'Bad;drop' must be a lower-case identifier" })
})

test('TRENT_ROOT_KEY_FILE defaults to root.key in the data directory', () => {
  assert.equal(loadConfig({ TRENT_DATA_DIR: '/srv/trent' }).rootKeyFile, '/srv/trent/root.key')
  assert.equal(loadConfig({ TRENT_DATA_DIR: '/srv/trent', TRENT_ROOT_KEY_FILE: '/etc/trent/root.key' }).rootKeyFile, '/etc/trent/root.key')
})

test('TRENT_TRUSTED_SERVICES: principal ARN -> kms:ViaService name; anything else is refused at start', () => {
  assert.deepEqual(loadConfig({}).trustedServices, {})
  const gateway = { 'arn:aws:iam::111122223333:user/gateway': 'gateway.example.com' }
  assert.deepEqual(loadConfig({ TRENT_TRUSTED_SERVICES: JSON.stringify(gateway) }).trustedServices, gateway)
  const refused: [string, string][] = [
    ['not json', 'TRENT_TRUSTED_SERVICES must be a JSON object such as {"arn:aws:iam::111122223333:user/gateway": "gateway.example.com"}'],
    ['["a"]', 'TRENT_TRUSTED_SERVICES must be a JSON object'],
    ['{"gateway": "gw"}', "TRENT_TRUSTED_SERVICES: 'gateway' is not a principal ARN"],
    ['{"arn:aws:iam::111122223333:root": "Gate Way"}', 'TRENT_TRUSTED_SERVICES: the service name for arn:aws:iam::111122223333:root must be a lower-case DNS-style name'],
  ]
  for (const [value, message] of refused) assert.throws(() => loadConfig({ TRENT_TRUSTED_SERVICES: value }), { constructor: ConfigError, message })
})
