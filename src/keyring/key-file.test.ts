import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { KeyFileKeyring } from './key-file.js'
import { checkKeyring } from './keyring-check.js'

const dir = () => mkdtempSync(join(tmpdir(), 'trent-keyring-'))
const quiet = () => undefined

test('the root key file is created with mode 0600 and reopened with the same key', async () => {
  const path = join(dir(), 'root.key')
  const first = KeyFileKeyring.openOrCreate(path, quiet)
  assert.equal(statSync(path).mode & 0o777, 0o600)
  const sealed = await first.seal(Buffer.from('secret'), Buffer.from('aad'))
  const again = KeyFileKeyring.openOrCreate(path, quiet)
  assert.equal(again.id, first.id)
  assert.equal((await again.unseal(sealed, Buffer.from('aad'))).toString(), 'secret')
})

test('sealed values are bound to their AAD and to the root key', async () => {
  const keyring = KeyFileKeyring.openOrCreate(join(dir(), 'root.key'), quiet)
  const other = KeyFileKeyring.openOrCreate(join(dir(), 'root.key'), quiet)
  const sealed = await keyring.seal(Buffer.from('secret'), Buffer.from('key-a'))
  assert.ok(!sealed.includes(Buffer.from('secret')))
  await assert.rejects(keyring.unseal(sealed, Buffer.from('key-b')), { name: 'KeyringError' })
  await assert.rejects(other.unseal(sealed, Buffer.from('key-a')), { name: 'KeyringError' })
  const tampered = Buffer.from(sealed)
  tampered[tampered.length - 1]! ^= 1
  await assert.rejects(keyring.unseal(tampered, Buffer.from('key-a')), { name: 'KeyringError' })
})

test('a root key file readable by others is tightened, and a malformed one is refused', () => {
  const d = dir()
  const path = join(d, 'root.key')
  KeyFileKeyring.openOrCreate(path, quiet)
  chmodSync(path, 0o644)
  const warnings: string[] = []
  KeyFileKeyring.openOrCreate(path, (m) => warnings.push(m))
  assert.equal(statSync(path).mode & 0o777, 0o600)
  assert.equal(warnings.length, 1)
  writeFileSync(join(d, 'bad.key'), 'not a key\n', { mode: 0o600 })
  assert.throws(() => KeyFileKeyring.openOrCreate(join(d, 'bad.key'), quiet), /not a Trent root key file/)
  assert.match(readFileSync(path, 'utf8'), /^trent-root-key-v1:[A-Za-z0-9+/]{43}=\n$/)
})

test('a data directory opened with another root key is refused at start', async () => {
  const d = dir()
  const store = new SqliteStorage(join(d, 'trent.db'))
  await checkKeyring(store, KeyFileKeyring.openOrCreate(join(d, 'root.key'), quiet))
  await checkKeyring(store, KeyFileKeyring.openOrCreate(join(d, 'root.key'), quiet))
  rmSync(join(d, 'root.key'))
  await assert.rejects(checkKeyring(store, KeyFileKeyring.openOrCreate(join(d, 'root.key'), quiet)), /is not the one this data was sealed with/)
  await store.close()
})
