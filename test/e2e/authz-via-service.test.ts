// kms:ViaService through the SDK: a configured trusted service signs with its own credentials and names
// the user it acts for in a signed X-Trent-On-Behalf-Of header; key policies can then require the
// service. Refused: the header unsigned, a signer that is not configured, a principal that does not exist.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateKeyCommand, DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms'
import { ACCOUNT_ID, TrentProcess } from '../support/server.js'
import { identityPolicy, newUser, type Creds } from '../support/iam.js'
import { rejectsWith } from '../support/kms-assert.js'
import { ADMIN, allow, keyArnOf, noIdentityAllow, noResourceAllow, policy, ROOT } from '../support/policies.js'

const GATEWAY = 'gateway.example.com'
const GATEWAY_USER = `arn:aws:iam::${ACCOUNT_ID}:user/gateway`
let trusting: TrentProcess
let plain: TrentProcess
before(async () => {
  [trusting, plain] = await Promise.all([
    TrentProcess.start({ env: { TRENT_TRUSTED_SERVICES: JSON.stringify({ [ROOT]: GATEWAY, [GATEWAY_USER]: GATEWAY }) } }),
    TrentProcess.start(),
  ])
})
after(async () => { await Promise.all([trusting.dispose(), plain.dispose()]) })

/** A client that names `onBehalfOf` in the header, signed (build step) or added after signing. */
function viaClient(trent: TrentProcess, onBehalfOf: string, signed = true, credentials?: Creds): KMSClient {
  const client = trent.client(credentials)
  const middleware = <A extends { request: unknown }, R>(next: (args: A) => Promise<R>) => async (args: A): Promise<R> => {
    (args.request as { headers: Record<string, string> }).headers['x-trent-on-behalf-of'] = onBehalfOf
    return next(args)
  }
  // The build step runs before SigV4 signing (the header is signed); deserialize runs after it.
  if (signed) client.middlewareStack.add(middleware, { step: 'build', name: 'onBehalfOf' })
  else client.middlewareStack.add(middleware, { step: 'deserialize', name: 'onBehalfOf' })
  return client
}

const plaintext = Buffer.from('secret')
const viaGatewayOnly = policy(ADMIN, allow('kms:Encrypt'), allow('kms:Decrypt', { Condition: { StringEquals: { 'kms:ViaService': GATEWAY } } }))

test('a request through the trusted service carries kms:ViaService; the same call made directly does not', async () => {
  const direct = trusting.client()
  const { KeyMetadata } = await direct.send(new CreateKeyCommand({ Policy: viaGatewayOnly }))
  const keyId = KeyMetadata!.KeyId!
  const blob = (await direct.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!
  const out = await viaClient(trusting, ROOT).send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob }))
  assert.equal(Buffer.from(out.Plaintext!).toString(), 'secret')
  await rejectsWith(direct.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), noResourceAllow('kms:Decrypt', keyArnOf(keyId)))
})

test('the on-behalf-of header is refused unsigned, from a signer not configured, or naming no principal', async () => {
  await rejectsWith(viaClient(trusting, ROOT, false).send(new CreateKeyCommand({})), {
    name: 'AccessDeniedException', message: 'The X-Trent-On-Behalf-Of header must be signed (listed in SignedHeaders).',
  })
  await rejectsWith(viaClient(plain, ROOT).send(new CreateKeyCommand({})), {
    name: 'AccessDeniedException', message: `User: ${ROOT} is not a trusted service and may not act on behalf of another principal.`,
  })
  await rejectsWith(viaClient(trusting, 'arn:aws:iam::111122223333:root').send(new CreateKeyCommand({})), {
    name: 'AccessDeniedException', message: 'X-Trent-On-Behalf-Of names no known principal: arn:aws:iam::111122223333:root',
  })
  // Without the header, the configured service is just itself: no kms:ViaService.
  const { KeyMetadata } = await plain.client().send(new CreateKeyCommand({ Policy: viaGatewayOnly }))
  const blob = (await plain.client().send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: plaintext }))).CiphertextBlob!
  await rejectsWith(plain.client().send(new DecryptCommand({ KeyId: KeyMetadata!.KeyId!, CiphertextBlob: blob })), noResourceAllow('kms:Decrypt', KeyMetadata!.Arn!))
})

test('an IAM user as the gateway acts for another user, whose identity policy requires the gateway', async () => {
  const root = trusting.client()
  const keyId = (await root.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!
  const blob = (await root.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!
  const gateway = await newUser(trusting, 'gateway')
  const alice = await newUser(trusting, 'alice', identityPolicy({
    Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': GATEWAY } },
  }))
  const aliceArn = `arn:aws:iam::${ACCOUNT_ID}:user/alice`
  const out = await viaClient(trusting, aliceArn, true, gateway).send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob }))
  assert.equal(Buffer.from(out.Plaintext!).toString(), 'secret')
  // Alice directly, and the gateway for itself, are refused.
  await rejectsWith(trusting.client(alice).send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), noIdentityAllow('kms:Decrypt', keyArnOf(keyId), aliceArn))
  await rejectsWith(trusting.client(gateway).send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), noIdentityAllow('kms:Decrypt', keyArnOf(keyId), GATEWAY_USER))
  // A user that is not configured as a service cannot act for anyone.
  await rejectsWith(viaClient(trusting, GATEWAY_USER, true, alice).send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })), {
    name: 'AccessDeniedException', message: `User: ${aliceArn} is not a trusted service and may not act on behalf of another principal.`,
  })
})
