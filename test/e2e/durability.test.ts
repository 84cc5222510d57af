/**
 * What survives a stop: graceful SIGTERM with requests in flight, SIGKILL right after acknowledged
 * writes, root credentials across starts, and what the data directory must never hold in the clear.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, ListKeysCommand,
  ListResourceTagsCommand, TagResourceCommand, type EncryptCommandOutput, type KMSClient,
} from '@aws-sdk/client-kms'
import { ACCOUNT_ID, REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'

const GENERATED_ID = /^\s*AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})$/
const GENERATED_SECRET = /^\s*AWS_SECRET_ACCESS_KEY=(\S+)$/

async function waitFor(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 1))
  }
}

async function allKeyIds(kms: KMSClient): Promise<string[]> {
  return (await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId!).sort()
}

/** Every file under `dir`, with its bytes. */
function filesIn(dir: string): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: relative(dir, join(e.parentPath ?? e.path, e.name)), bytes: readFileSync(join(e.parentPath ?? e.path, e.name)) }))
}

/** Connection-level failures: the request never got a response, so there is nothing half-read. */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED'])

test('SIGTERM with 50 Encrypts in flight: each completes or fails at the connection, and the exit code is 0', async (t) => {
  const trent = await TrentProcess.start()
  try {
    const kms = trent.client()
    const keyIds = await Promise.all(Array.from({ length: 5 }, async () => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!))
    const requests = Array.from({ length: 50 }, (_, i) => kms.send(new EncryptCommand({ KeyId: keyIds[i % 5], Plaintext: Buffer.from(`in flight ${i}`) })).then(
      (out): { out: EncryptCommandOutput } => ({ out }),
      (err: Error & { code?: string; $metadata?: { httpStatusCode?: number } }) => ({ err }),
    ))
    // Stop as soon as the server has answered one of them, so the rest are queued, in progress or not yet sent.
    const answered = trent.logs.length
    await waitFor('the first Encrypt', () => trent.logs.slice(answered).some((l) => l.includes('"operation":"Encrypt"')))
    assert.equal(await trent.stop('SIGTERM'), 0)
    const results = await Promise.all(requests)
    assert.ok(results.some((r) => 'out' in r), 'at least one Encrypt completed')
    const failures = results.flatMap((r) => ('err' in r ? [r.err.code ?? r.err.message] : []))
    t.diagnostic(`${50 - failures.length} completed; ${failures.length} failed at the connection: ${[...new Set(failures)].join(', ')}`)

    // The server answered exactly the requests the client saw answered: a reset one was never run.
    const served = () => trent.logs.slice(answered).filter((l) => l.includes('"operation":"Encrypt"') && l.includes('"status":200')).length
    await waitFor('the last log lines', () => served() >= 50 - failures.length, 5_000).catch(() => undefined)
    assert.equal(served(), 50 - failures.length)

    await trent.restart()
    assert.deepEqual(await allKeyIds(kms), [...keyIds].sort())
    for (const [i, r] of results.entries()) {
      if ('out' in r) {
        assert.equal(r.out.KeyId, `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${keyIds[i % 5]}`)
        const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: r.out.CiphertextBlob }))
        assert.equal(Buffer.from(Plaintext!).toString(), `in flight ${i}`)
      } else {
        assert.equal(r.err.$metadata?.httpStatusCode, undefined, `request ${i} got an HTTP answer: ${r.err.name}: ${r.err.message}`)
        assert.ok(CONNECTION_ERRORS.has(r.err.code ?? '') || r.err.message === 'socket hang up', `request ${i}: ${r.err.name} ${r.err.code} ${r.err.message}`)
      }
    }
  } finally {
    await trent.dispose()
  }
})

test('SIGKILL right after a burst of CreateKey and TagResource: every acknowledged key and tag is there after restart', async () => {
  // The harness's stop() would wait forever on a process killed by a signal, so the killed one is not disposed.
  const dataDir = mkdtempSync(join(tmpdir(), 'trent-kill-'))
  try {
    const killed = await TrentProcess.start({ dataDir })
    const kms = killed.client()
    const acked = await Promise.all(Array.from({ length: 25 }, async (_, i) => {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `burst ${i}`, Tags: [{ TagKey: 'n', TagValue: String(i) }] }))
      await kms.send(new TagResourceCommand({ KeyId: KeyMetadata!.KeyId, Tags: [{ TagKey: 'extra', TagValue: `v${i}` }, { TagKey: 'n', TagValue: `${i}!` }] }))
      return KeyMetadata!
    }))
    assert.equal(await killed.stop('SIGKILL'), 'SIGKILL')
    kms.destroy()

    const revived = await TrentProcess.start({ dataDir })
    try {
      const again = revived.client()
      assert.deepEqual(await allKeyIds(again), acked.map((k) => k.KeyId!).sort())
      for (const [i, key] of acked.entries()) {
        assert.equal((await again.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.Description, `burst ${i}`)
        const { Tags } = await again.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))
        assert.deepEqual(Tags, [{ TagKey: 'n', TagValue: `${i}!` }, { TagKey: 'extra', TagValue: `v${i}` }])
      }
    } finally {
      await revived.dispose()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('a second start on the same data directory keeps the root credentials and the keys, even without them in env', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trent-second-'))
  try {
    const first = await TrentProcess.start({ dataDir })
    const { KeyMetadata } = await first.client().send(new CreateKeyCommand({ Description: 'from the first start' }))
    await first.dispose()

    const second = await TrentProcess.start({ dataDir, generateCredentials: true })
    try {
      assert.equal(second.logs.some((l) => l.includes('AWS_ACCESS_KEY_ID=') || l.includes('AWS_SECRET_ACCESS_KEY=')), false)
      const kms = second.client(ROOT_CREDENTIALS)
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }))).KeyMetadata!.Description, 'from the first start')
      assert.deepEqual(await allKeyIds(kms), [KeyMetadata!.KeyId])
    } finally {
      await second.dispose()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('generated root credentials are printed once on stderr, not again on restart, and keep working', async () => {
  const trent = await TrentProcess.start({ generateCredentials: true })
  try {
    const ids = trent.logs.map((l) => GENERATED_ID.exec(l)?.[1]).filter(Boolean)
    const secrets = trent.logs.map((l) => GENERATED_SECRET.exec(l)?.[1]).filter(Boolean)
    assert.equal(ids.length, 1)
    assert.equal(secrets.length, 1)
    const credentials = { accessKeyId: ids[0]!, secretAccessKey: secrets[0]! }
    assert.equal(secrets[0]!.length, 40)
    assert.equal(trent.logs.filter((l) => l.includes(credentials.secretAccessKey)).length, 1, 'the secret is in no other log line')

    const kms = trent.client(credentials)
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    await assert.rejects(trent.client(ROOT_CREDENTIALS).send(new ListKeysCommand({})), {
      name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.',
    })

    await trent.restart()
    assert.equal(trent.logs.filter((l) => GENERATED_ID.test(l) || GENERATED_SECRET.test(l)).length, 2)
    assert.equal(trent.logs.filter((l) => l.includes(credentials.secretAccessKey)).length, 1)
    assert.deepEqual(await allKeyIds(kms), [KeyMetadata!.KeyId])
  } finally {
    await trent.dispose()
  }
})

test('the data directory holds root.key (mode 0600) and no plaintext, data key or root secret in the clear', async () => {
  const trent = await TrentProcess.start()
  try {
    const kms = trent.client()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const plaintext = Buffer.concat([Buffer.from('TRENT-PLAINTEXT-MARKER-'), randomBytes(40)])
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: plaintext }))
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: KeyMetadata!.KeyId, KeySpec: 'AES_256' }))
    const dataKeyBytes = Buffer.from(dataKey.Plaintext!)
    assert.equal(dataKeyBytes.length, 32)
    assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), plaintext)

    assert.equal(statSync(join(trent.dataDir, 'root.key')).mode & 0o777, 0o600)
    const rootKeyLine = readFileSync(join(trent.dataDir, 'root.key'), 'utf8').trim()
    const secrets = {
      plaintext, dataKey: dataKeyBytes,
      plaintextBase64: Buffer.from(plaintext.toString('base64')), dataKeyBase64: Buffer.from(dataKeyBytes.toString('base64')),
      plaintextHex: Buffer.from(plaintext.toString('hex')), dataKeyHex: Buffer.from(dataKeyBytes.toString('hex')),
    }
    const scan = (expectedFiles: string[]) => {
      const files = filesIn(trent.dataDir)
      for (const name of expectedFiles) assert.ok(files.some((f) => f.name === name), `${name} exists`)
      for (const { name, bytes } of files) {
        for (const [what, needle] of Object.entries(secrets)) assert.equal(bytes.includes(needle), false, `${what} found in ${name}`)
        if (name !== 'root.key') {
          assert.equal(bytes.includes(Buffer.from(ROOT_CREDENTIALS.secretAccessKey)), false, `root secret found in ${name}`)
          assert.equal(bytes.includes(Buffer.from(rootKeyLine.split(':')[1]!)), false, `root key found in ${name}`)
        }
      }
    }
    scan(['root.key', 'trent.db', 'trent.db-wal'])
    assert.equal(trent.logs.some((l) => l.includes(plaintext.toString('base64')) || l.includes(dataKeyBytes.toString('base64'))), false)
    await trent.stop()
    scan(['root.key', 'trent.db'])
  } finally {
    await trent.dispose()
  }
})
