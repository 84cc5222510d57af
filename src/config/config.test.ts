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
