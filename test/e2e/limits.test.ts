// Limits and hygiene of the front: stalled requests are cut off; logs hold no secrets.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms'
import { ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { openDb } from '../support/audit-db.js'
import { rejectsWith } from '../support/kms-assert.js'

let trent: TrentProcess
before(async () => { trent = await TrentProcess.start({ env: { TRENT_REQUEST_TIMEOUT_MS: '1000' } }) })
after(async () => { await trent.dispose() })

test('a request whose body never arrives is answered 408 and closed within the request timeout', async () => {
  const { port } = new URL(trent.url)
  const started = Date.now()
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100\r\n\r\n{"KeyId":')
    })
    let data = ''
    socket.on('data', (chunk) => { data += chunk.toString('utf8') })
    socket.on('close', () => resolve(data))
    socket.on('error', reject)
  })
  const elapsed = Date.now() - started
  assert.match(reply, /^HTTP\/1\.1 408 /)
  assert.ok(elapsed >= 900 && elapsed < 5000, `closed after ${elapsed} ms`)
})

test('a call still processing at the request timeout is answered DependencyTimeoutException, and the server goes on', async () => {
  const kms = trent.client()
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  // Another connection holds SQLite's write lock, so the Encrypt's audit record waits (busy_timeout 5 s)
  // and the response with it, until the once-a-second sweep answers the request at its deadline.
  const db = openDb(trent.dataDir)
  db.exec('BEGIN IMMEDIATE')
  const started = Date.now()
  try {
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('late') })),
      { name: 'DependencyTimeoutException', message: 'The request did not complete in time.', status: 500 })
  } finally {
    db.exec('ROLLBACK')
    db.close()
  }
  const elapsed = Date.now() - started
  assert.ok(elapsed >= 900 && elapsed < 3000, `answered after ${elapsed} ms`)
  const { KeyId } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('on time') }))
  assert.equal(KeyId, KeyMetadata!.Arn)
})

test('request logs name the access key but never carry secrets, plaintext or data keys', async () => {
  const kms = trent.client()
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  const secret = Buffer.from('log-canary-plaintext-7c1f')
  await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: secret }))
  const { Plaintext } = await kms.send(new GenerateDataKeyCommand({ KeyId: KeyMetadata!.KeyId, KeySpec: 'AES_256' }))
  await trent.restart() // flushes the asynchronous log destination
  const logs = trent.logs.join('\n')
  assert.match(logs, new RegExp(`"accessKeyId":"${ROOT_CREDENTIALS.accessKeyId}"`))
  for (const needle of [secret.toString(), secret.toString('base64'), Buffer.from(Plaintext!).toString('base64'), ROOT_CREDENTIALS.secretAccessKey]) {
    assert.ok(!logs.includes(needle), `logs contain ${needle}`)
  }
})
