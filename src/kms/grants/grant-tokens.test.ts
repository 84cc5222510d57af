import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyFileKeyring } from '../../keyring/key-file.js'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.js'
import { InvalidGrantTokenException } from '../errors.js'
import { GrantTokens, INVALID_GRANT_TOKEN } from './grant-tokens.js'

async function withTokens(body: (tokens: GrantTokens, other: GrantTokens) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trent-grant-tokens-'))
  const store = new SqliteStorage(join(dir, 'trent.db'))
  const keyring = KeyFileKeyring.openOrCreate(join(dir, 'root.key'), () => {})
  const otherStore = new SqliteStorage(join(dir, 'other.db'))
  try {
    await body(new GrantTokens(keyring, store), new GrantTokens(keyring, otherStore))
  } finally {
    await store.close()
    await otherStore.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const claims = () => ({ keyId: randomUUID(), grantId: randomBytes(32).toString('hex') })

test('a token opens to the grant and key it names, and is the same every time', async () => {
  await withTokens(async (tokens) => {
    const c = claims()
    const token = await tokens.mint(c)
    assert.equal(await tokens.mint(c), token)
    assert.deepEqual(await tokens.open(token), c)
    assert.deepEqual(await tokens.check([token, token]), [c, c])
    assert.deepEqual(await tokens.check(undefined), [])
  })
})

test('altered, truncated, foreign and malformed tokens do not open', async () => {
  await withTokens(async (tokens, other) => {
    const token = await tokens.mint(claims())
    const bytes = Buffer.from(token, 'base64')
    const flips = [0, 1, 33, 64, 65, bytes.length - 1].map((i) => { const b = Buffer.from(bytes); b[i]! ^= 0x01; return b.toString('base64') })
    const bad = [
      ...flips, bytes.subarray(0, 65).toString('base64'), bytes.subarray(0, bytes.length - 1).toString('base64'),
      await other.mint(claims()), `${token} `, token.replace(/=*$/, ''), 'AAAA', '',
    ]
    for (const t of bad) assert.equal(await tokens.open(t), undefined, t)
    await assert.rejects(tokens.check([token, bad[0]!]), (e) => e instanceof InvalidGrantTokenException && e.message === INVALID_GRANT_TOKEN)
  })
})
