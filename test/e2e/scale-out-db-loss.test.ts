// Losing the database for a moment: a TCP proxy between Trent and PostgreSQL drops every connection and
// then swallows new ones (neither answering nor refusing). Requests must fail fast with a 500-class AWS
// error within the bound (TRENT_DATABASE_TIMEOUT_MS, 1 s here), and service must come back by itself,
// change feed included: the key cache lifetime is a minute here, so only a reconnected LISTEN makes the
// second node see a change made on the first after the outage.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms'
import { TrentCluster } from '../support/cluster.js'
import { TEST_DATABASE_URL } from '../support/pg.js'
import { TcpProxy } from '../support/tcp-proxy.js'

const TIMEOUT_MS = 1000
let proxy: TcpProxy
let cluster: TrentCluster
let kms: KMSClient
let other: KMSClient
before(async () => {
  const target = new URL(TEST_DATABASE_URL)
  proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432))
  const url = new URL(TEST_DATABASE_URL)
  url.port = String(proxy.port)
  cluster = await TrentCluster.start({ nodes: 2, url: url.toString(), env: { TRENT_DATABASE_TIMEOUT_MS: String(TIMEOUT_MS), TRENT_KEY_CACHE_MS: '60000' } })
  kms = cluster.node(0).client()
  other = cluster.node(1).client()
})
after(async () => { await cluster.dispose(); await proxy.close() })

interface SdkError { name: string; $metadata?: { httpStatusCode?: number } }

/** Calls that must reach the database (a write, a list, a key no node has cached) fail fast. */
async function assertFailFast(): Promise<void> {
  for (const call of [
    () => kms.send(new CreateKeyCommand({})),
    () => other.send(new ListKeysCommand({})),
    () => kms.send(new DescribeKeyCommand({ KeyId: randomUUID() })),
  ]) {
    const started = Date.now()
    const err = await call().then(() => assert.fail('succeeded without a database'), (e: unknown) => e as SdkError)
    const ms = Date.now() - started
    assert.equal(err.name, 'DependencyTimeoutException', `${String(err)}\n${[0, 1].map((i) => cluster.node(i).logs.slice(-12).join('\n')).join('\n---\n')}`)
    assert.equal(err.$metadata?.httpStatusCode, 500)
    // One bounded wait (connect or query), plus at most one more for a transaction's second statement.
    assert.ok(ms < 3 * TIMEOUT_MS, `took ${ms} ms`)
  }
}

test('with the database gone, requests fail within the bound with a 500-class AWS error, then recover', async () => {
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  proxy.cut()
  try {
    await assertFailFast()
  } finally {
    proxy.restore()
  }
  const started = Date.now()
  for (;;) {
    try {
      await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('back') }))
      await kms.send(new CreateKeyCommand({}))
      await other.send(new CreateKeyCommand({}))
      break
    } catch (err) {
      assert.ok(Date.now() - started < 10_000, `no recovery after 10 s: ${(err as Error).name}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
})

test('after the outage the change feed is back: a key disabled on one node stops working on the other', async () => {
  // The listener reconnects with a capped backoff; give it a few rounds, each with a fresh key.
  const started = Date.now()
  for (;;) {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
    await other.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('cached') }))
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const outcome = await other.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })).then(() => 'served', (e: Error) => e.name)
    if (outcome === 'DisabledException') return
    assert.equal(outcome, 'served')
    assert.ok(Date.now() - started < 15_000, 'the second node never heard of changes again')
  }
})
