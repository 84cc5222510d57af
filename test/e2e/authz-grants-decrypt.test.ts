// Grants and Decrypt under enforcement, through the SDK: a grantee uses its grant (with the token, at
// once after CreateGrant) for exactly the operations and encryption context the grant allows; a grant can
// only delegate what it holds; Decrypt answers the same for a key that does not exist, was deleted, or
// that the caller may not use (no existence oracle); ReEncrypt is authorized on both keys.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, PutKeyPolicyCommand, ReEncryptCommand, RetireGrantCommand,
  ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { TrentProcess } from '../support/server.js'
import { rejectsWith } from '../support/kms-assert.js'
import { ADMIN, allow, deny, explicitDeny, keyArnOf, NO_ORACLE, noResourceAllow, policy, ROOT } from '../support/policies.js'

let trent: TrentProcess
let kms: KMSClient
before(async () => { trent = await TrentProcess.start(); kms = trent.client() })
after(async () => { await trent.dispose() })

const createKey = async (Policy?: string): Promise<string> =>
  (await kms.send(new CreateKeyCommand({ Policy, BypassPolicyLockoutSafetyCheck: Policy !== undefined }))).KeyMetadata!.KeyId!
const plaintext = Buffer.from('secret')

test('a grantee uses a grant token right after CreateGrant, only for the grant operations and context', async () => {
  const keyId = await createKey(policy(ADMIN))
  const arn = keyArnOf(keyId)
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), noResourceAllow('kms:Encrypt', arn))
  const { GrantToken, GrantId } = await kms.send(new CreateGrantCommand({
    KeyId: keyId, GranteePrincipal: ROOT, Operations: ['Encrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { app: 'pay' } },
  }))
  const ec = { app: 'pay', run: '1' }
  await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: ec, GrantTokens: [GrantToken!] }))
  // Trent is strongly consistent: the grant works without its token too.
  const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: ec }))).CiphertextBlob
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { app: 'hr' }, GrantTokens: [GrantToken!] })),
    noResourceAllow('kms:Encrypt', arn))
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, EncryptionContext: ec, GrantTokens: [GrantToken!] })),
    noResourceAllow('kms:Decrypt', arn))
  await kms.send(new RetireGrantCommand({ GrantToken }))
  await rejectsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: ec })), noResourceAllow('kms:Encrypt', arn))
  assert.match(GrantId!, /^[0-9a-f]{64}$/)
})

test('CreateGrant through a grant delegates only what that grant holds', async () => {
  const keyId = await createKey(policy(allow(['kms:PutKeyPolicy', 'kms:GetKeyPolicy'])))
  const arn = keyArnOf(keyId)
  await rejectsWith(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: ROOT, Operations: ['Encrypt'] })), noResourceAllow('kms:CreateGrant', arn))
  // Give the root a grant holding Encrypt and CreateGrant (through a key policy allowing it for a moment).
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(allow(['kms:PutKeyPolicy', 'kms:CreateGrant'])) }))
  await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: ROOT, Operations: ['Encrypt', 'CreateGrant'] }))
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(allow('kms:PutKeyPolicy')) }))
  await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: ROOT, Operations: ['Encrypt'], Constraints: { EncryptionContextEquals: { a: 'b' } } }))
  await rejectsWith(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: ROOT, Operations: ['Encrypt', 'Decrypt'] })), noResourceAllow('kms:CreateGrant', arn))
})

test('Decrypt reveals nothing about keys the caller cannot use: missing, deleted and refused keys answer alike', async () => {
  const keyId = await createKey()
  const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'secret')
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(allow('kms:*'), deny('kms:Decrypt')) }))
  await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob })), NO_ORACLE)
  // Named by the caller, the key is refused with the ordinary message.
  await rejectsWith(kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), explicitDeny('kms:Decrypt', keyArnOf(keyId), 'resource'))

  const gone = await createKey()
  const goneBlob = (await kms.send(new EncryptCommand({ KeyId: gone, Plaintext: plaintext }))).CiphertextBlob!
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: gone, PendingWindowInDays: 7 }))
  await trent.advanceClock(8 * 24 * 3600)
  await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: goneBlob })), NO_ORACLE)
  // A ciphertext naming a key id that never existed (the id bytes changed) answers the same.
  const forged = Buffer.from(blob)
  const idAt = forged.indexOf(Buffer.from(keyId.replace(/-/g, ''), 'hex'))
  assert.ok(idAt > 0, 'the blob names its key id')
  forged[idAt] = forged[idAt]! ^ 0xff
  await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: forged })), NO_ORACLE)
})

test('ReEncrypt is authorized on both keys: kms:ReEncryptFrom on the source, kms:ReEncryptTo on the destination', async () => {
  const source = await createKey(policy(ADMIN, allow(['kms:Encrypt', 'kms:ReEncryptFrom'])))
  const destination = await createKey(policy(ADMIN, allow('kms:ReEncryptTo')))
  const blob = (await kms.send(new EncryptCommand({ KeyId: source, Plaintext: plaintext }))).CiphertextBlob!
  const out = await kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination }))
  assert.deepEqual([out.SourceKeyId, out.KeyId], [keyArnOf(source), keyArnOf(destination)])
  await rejectsWith(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: source })), noResourceAllow('kms:ReEncryptTo', keyArnOf(source)))
  await rejectsWith(kms.send(new ReEncryptCommand({ CiphertextBlob: out.CiphertextBlob, DestinationKeyId: source })), noResourceAllow('kms:ReEncryptTo', keyArnOf(source)))
  await kms.send(new PutKeyPolicyCommand({ KeyId: source, Policy: policy(ADMIN, allow(['kms:Encrypt', 'kms:ReEncryptTo'])) }))
  await rejectsWith(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination })), NO_ORACLE)
  await rejectsWith(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: source, DestinationKeyId: destination })),
    noResourceAllow('kms:ReEncryptFrom', keyArnOf(source)))
})
