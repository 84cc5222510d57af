import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'

let trent: TrentProcess
before(async () => { trent = await TrentProcess.start() })
after(async () => { await trent.dispose() })

test('a key made through the SDK encrypts and decrypts, and survives a restart', async () => {
  const kms = trent.client()
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('hello') }))
  await trent.restart()
  const { Plaintext, KeyId } = await kms.send(new DecryptCommand({ CiphertextBlob }))
  assert.equal(Buffer.from(Plaintext!).toString(), 'hello')
  assert.equal(KeyId, KeyMetadata!.Arn)
})

test('the dev clock moves the server forward and the SDK follows', async () => {
  const kms = trent.client()
  await trent.advanceClock(10 * 24 * 3600)
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  assert.ok(KeyMetadata!.CreationDate!.getTime() > Date.now() + 9 * 24 * 3600 * 1000)
})
