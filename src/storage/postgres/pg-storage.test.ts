import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import pg from 'pg'
import { dropSchemas, freshSchemaName, TEST_DATABASE_URL } from '../../../test/support/pg.js'
import { sampleKey, storageConformance } from '../conformance.js'
import { StorageUnavailableError } from '../types.js'
import { PgStorage } from './pg-storage.js'
import { PG_MIGRATIONS } from './schema.js'
import { TcpProxy } from '../../../test/support/tcp-proxy.js'

const schemas: string[] = []
const fresh = (): string => { const s = freshSchemaName(); schemas.push(s); return s }
after(() => dropSchemas(schemas))

storageConformance('postgres', async () => PgStorage.open({ url: TEST_DATABASE_URL, schema: fresh() }),
  async () => { const schema = fresh(); return () => PgStorage.open({ url: TEST_DATABASE_URL, schema }) })

test('postgres: three nodes starting at once on an empty schema migrate it exactly once', async () => {
  const schema = fresh()
  const stores = await Promise.all([1, 2, 3].map(() => PgStorage.open({ url: TEST_DATABASE_URL, schema })))
  try {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_version`)
    await client.end()
    assert.deepEqual(rows, [{ version: PG_MIGRATIONS.length }])
    const key = sampleKey()
    await stores[0]!.transaction(async (tx) => tx.putKey(key, null))
    assert.equal((await stores[2]!.read.getKey(key.keyId))?.keyId, key.keyId)
  } finally {
    await Promise.all(stores.map((s) => s.close()))
  }
})

test('postgres: an unreachable database fails within the bound with StorageUnavailableError', async () => {
  const started = Date.now()
  // Port 1 on loopback refuses at once; the bound matters for a silent network, tested end to end.
  await assert.rejects(PgStorage.open({ url: 'postgres://postgres@127.0.0.1:1/test', schema: fresh(), timeoutMs: 1000 }), StorageUnavailableError)
  assert.ok(Date.now() - started < 3000)
})

test('postgres: a change listener stranded on a dead connection notices by its heartbeat and hears again', async () => {
  const target = new URL(TEST_DATABASE_URL)
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432))
  const viaProxy = new URL(TEST_DATABASE_URL)
  viaProxy.port = String(proxy.port)
  const schema = fresh()
  const a = await PgStorage.open({ url: TEST_DATABASE_URL, schema })
  const b = await PgStorage.open({ url: viaProxy.toString(), schema, timeoutMs: 300, heartbeatMs: 200 })
  try {
    const heard: string[] = []
    b.onChange((c) => { if (c.type === 'key') heard.push(c.keyId) })
    proxy.strand()
    const started = Date.now()
    for (;;) {
      const key = sampleKey()
      await a.transaction(async (tx) => tx.putKey(key, null))
      await new Promise((resolve) => setTimeout(resolve, 100))
      if (heard.includes(key.keyId)) break
      assert.ok(Date.now() - started < 5000, 'the stranded listener never came back')
    }
  } finally {
    await Promise.all([a.close(), b.close()])
    await proxy.close()
  }
})

test('postgres: records written before the account column are backfilled with the caller\'s account, else the recipient', async () => {
  const schema = fresh()
  // The schema as it stood just after the audit trail's migration (found by content, not by number).
  const upTo = PG_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE audit_records')) + 1
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`)
    await client.query('CREATE TABLE schema_version (version INTEGER NOT NULL)')
    for (const m of PG_MIGRATIONS.slice(0, upTo)) await client.query(m)
    await client.query('INSERT INTO schema_version (version) VALUES ($1)', [upTo])
    const insert = `INSERT INTO audit_records (seq, event_id, event_time, event_name, event_source, read_only, record, prev_hash, hash)
      VALUES ($1, $2, 1000, 'Encrypt', 'kms.amazonaws.com', 'true', $3, '', '')`
    await client.query(insert, [1, 'e1', JSON.stringify({ userIdentity: { accountId: '111111111111' }, recipientAccountId: '000000000000' })])
    await client.query(insert, [2, 'e2', JSON.stringify({ userIdentity: { type: 'Unknown' }, recipientAccountId: '000000000000' })])
  } finally {
    await client.end()
  }
  const store = await PgStorage.open({ url: TEST_DATABASE_URL, schema })
  try {
    assert.deepEqual((await store.read.findAudit({ accountId: '111111111111', limit: 10 })).map((e) => e.eventId), ['e1'])
    assert.deepEqual((await store.read.findAudit({ accountId: '000000000000', limit: 10 })).map((e) => e.eventId), ['e2'])
  } finally {
    await store.close()
  }
})
