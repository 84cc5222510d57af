// Grants through the SDK: CreateGrant validation per key type, Name idempotency, ListGrants paging and
// filters, ListRetirableGrants, RetireGrant by token and by id, RevokeGrant, grant tokens checked on
// Encrypt, and grants gone with their key.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateGrantCommand, CreateKeyCommand, EncryptCommand, ListGrantsCommand, ListRetirableGrantsCommand, RetireGrantCommand,
  RevokeGrantCommand, ScheduleKeyDeletionCommand, type CreateGrantCommandInput, type GrantOperation, type KMSClient, type KeySpec, type KeyUsageType,
} from '@aws-sdk/client-kms'
import { ACCOUNT_ID, TrentProcess } from '../support/server.js'
import { rejectsWith } from '../support/kms-assert.js'

let trent: TrentProcess
let kms: KMSClient
before(async () => { trent = await TrentProcess.start(); kms = trent.client() })
after(async () => { await trent.dispose() })

const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`
const USER = `arn:aws:iam::${ACCOUNT_ID}:user/app`
const ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/retirer`
const createKey = async (KeySpec?: KeySpec, KeyUsage?: KeyUsageType): Promise<string> =>
  (await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }))).KeyMetadata!.KeyId!
const grant = (input: Omit<CreateGrantCommandInput, 'GranteePrincipal'> & { GranteePrincipal?: string }) =>
  kms.send(new CreateGrantCommand({ GranteePrincipal: USER, ...input }))
const grantsOf = async (KeyId: string) => (await kms.send(new ListGrantsCommand({ KeyId }))).Grants!
const INVALID_TOKEN = { name: 'InvalidGrantTokenException', message: 'The request was rejected because the specified grant token is not valid.' }

test('CreateGrant stores a grant that ListGrants shows as AWS does; RevokeGrant removes it', async () => {
  const keyId = await createKey()
  const created = await grant({
    KeyId: keyId, RetiringPrincipal: ROLE, Operations: ['Encrypt', 'Decrypt', 'Encrypt'], Name: 'app-grant',
    Constraints: { EncryptionContextSubset: { tenant: 'a' } },
  })
  assert.match(created.GrantId!, /^[0-9a-f]{64}$/)
  assert.match(created.GrantToken!, /^[A-Za-z0-9+/]+=*$/)
  const [listed, ...rest] = await grantsOf(keyId)
  assert.equal(rest.length, 0)
  assert.ok(listed!.CreationDate instanceof Date)
  assert.deepEqual({ ...listed, CreationDate: undefined }, {
    KeyId: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${keyId}`, GrantId: created.GrantId, Name: 'app-grant', CreationDate: undefined,
    GranteePrincipal: USER, RetiringPrincipal: ROLE, IssuingAccount: ROOT, Operations: ['Encrypt', 'Decrypt'],
    Constraints: { EncryptionContextSubset: { tenant: 'a' } },
  })
  await kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: created.GrantId }))
  assert.deepEqual(await grantsOf(keyId), [])
  await rejectsWith(kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: created.GrantId })), { name: 'NotFoundException', message: 'Grant ID not found' })
  await rejectsWith(kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: 'nope' })), { name: 'InvalidGrantIdException', message: "Invalid grantId 'nope'" })
})

test('Name makes CreateGrant idempotent: same parameters, same grant and token; different ones, a new grant', async () => {
  const keyId = await createKey()
  const input = { KeyId: keyId, Operations: ['Decrypt', 'Encrypt'] as GrantOperation[], Name: 'retry-me', Constraints: { EncryptionContextEquals: { a: '1', b: '2' } } }
  const first = await grant(input)
  const again = await grant({ ...input, Operations: ['Encrypt', 'Decrypt'], Constraints: { EncryptionContextEquals: { b: '2', a: '1' } } })
  assert.deepEqual([again.GrantId, again.GrantToken], [first.GrantId, first.GrantToken])
  const changed = await grant({ ...input, Operations: ['Encrypt'] })
  assert.notEqual(changed.GrantId, first.GrantId)
  const unnamed = [await grant({ KeyId: keyId, Operations: ['Encrypt'] }), await grant({ KeyId: keyId, Operations: ['Encrypt'] })]
  assert.notEqual(unnamed[0]!.GrantId, unnamed[1]!.GrantId)
  assert.equal((await grantsOf(keyId)).length, 4)
})

test('CreateGrant accepts only the operations the key type supports', async () => {
  const cases: [string, GrantOperation[], GrantOperation][] = [
    [await createKey(), ['GenerateDataKey', 'ReEncryptFrom', 'CreateGrant', 'DescribeKey', 'RetireGrant'], 'Sign'],
    [await createKey('RSA_2048', 'ENCRYPT_DECRYPT'), ['Encrypt', 'Decrypt', 'GetPublicKey'], 'GenerateDataKey'],
    [await createKey('ECC_NIST_P256', 'SIGN_VERIFY'), ['Sign', 'Verify', 'GetPublicKey'], 'Encrypt'],
    [await createKey('HMAC_256', 'GENERATE_VERIFY_MAC'), ['GenerateMac', 'VerifyMac'], 'GetPublicKey'],
    [await createKey('ECC_NIST_P256', 'KEY_AGREEMENT'), ['DeriveSharedSecret', 'GetPublicKey'], 'Decrypt'],
  ]
  for (const [keyId, valid, invalid] of cases) {
    await grant({ KeyId: keyId, Operations: valid })
    await rejectsWith(grant({ KeyId: keyId, Operations: [...valid, invalid] }), { name: 'ValidationException', message: new RegExp(`^Grant operations \\[${invalid}\\] are not valid for a KMS key with KeyUsage `) })
  }
  await rejectsWith(grant({ KeyId: cases[0]![0], Operations: ['CreateGrant'] }), { name: 'ValidationException', message: 'Grants must not contain only the CreateGrant operation.' })
})

test('constraints only on symmetric encryption keys; principals must be principal ARNs', async () => {
  const hmac = await createKey('HMAC_256', 'GENERATE_VERIFY_MAC')
  await rejectsWith(grant({ KeyId: hmac, Operations: ['GenerateMac'], Constraints: { EncryptionContextSubset: { a: 'b' } } }),
    { name: 'ValidationException', message: 'Grant constraints are not supported for grants on asymmetric KMS keys or HMAC KMS keys.' })
  await grant({ KeyId: hmac, Operations: ['GenerateMac'], Constraints: { EncryptionContextSubset: {} } })
  const keyId = await createKey()
  for (const bad of ['rds.amazonaws.com', `arn:aws:iam::${ACCOUNT_ID}:group/admins`, 'arn:aws:iam::123:root']) {
    await rejectsWith(grant({ KeyId: keyId, GranteePrincipal: bad, Operations: ['Encrypt'] }), { name: 'InvalidArnException', message: `ARN does not refer to a valid principal: ${bad}` })
  }
  await rejectsWith(grant({ KeyId: keyId, RetiringPrincipal: 'someone', Operations: ['Encrypt'] }), { name: 'InvalidArnException', message: 'ARN does not refer to a valid principal: someone' })
  for (const ok of [`arn:aws:sts::${ACCOUNT_ID}:assumed-role/r/session`, `arn:aws:sts::${ACCOUNT_ID}:federated-user/bob`, `arn:aws:iam::${ACCOUNT_ID}:role/path/r`]) {
    await grant({ KeyId: keyId, GranteePrincipal: ok, Operations: ['Encrypt'] })
  }
  await rejectsWith(grant({ KeyId: keyId, Operations: ['Encrypt'], DryRun: true }), { name: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.' })
  assert.equal((await grantsOf(keyId)).length, 3)
})

test('ListGrants pages by Limit and Marker and filters by GrantId and GranteePrincipal', async () => {
  const keyId = await createKey()
  const ids: string[] = []
  for (let i = 0; i < 5; i++) ids.push((await grant({ KeyId: keyId, GranteePrincipal: i % 2 ? ROLE : USER, Operations: ['Encrypt'] })).GrantId!)
  const seen: string[] = []
  let Marker: string | undefined
  do {
    const page = await kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: 2, Marker }))
    assert.ok(page.Grants!.length <= 2)
    assert.equal(page.Truncated, page.NextMarker !== undefined)
    seen.push(...page.Grants!.map((g) => g.GrantId!))
    Marker = page.NextMarker
  } while (Marker)
  assert.deepEqual(seen, [...ids].sort())
  const byRole = await kms.send(new ListGrantsCommand({ KeyId: keyId, GranteePrincipal: ROLE }))
  assert.deepEqual(byRole.Grants!.map((g) => g.GrantId).sort(), [ids[1], ids[3]].sort())
  assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: ids[2] }))).Grants!.map((g) => g.GrantId), [ids[2]])
  assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: 'f'.repeat(64) }))).Grants, [])
  await rejectsWith(kms.send(new ListGrantsCommand({ KeyId: await createKey(), Marker: 'bm90LWEtbWFya2Vy' })),
    { name: 'InvalidMarkerException', message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.' })
})

test('RetireGrant by token and by key and grant id; ListRetirableGrants; who may retire', async () => {
  const keyId = await createKey()
  const retiring = `arn:aws:iam::${ACCOUNT_ID}:role/retire-${keyId}`
  const a = await grant({ KeyId: keyId, RetiringPrincipal: retiring, Operations: ['Encrypt'] })
  const b = await grant({ KeyId: keyId, RetiringPrincipal: retiring, Operations: ['Decrypt'] })
  const listed = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring, Limit: 1 }))
  assert.equal(listed.Truncated, true)
  const next = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring, Marker: listed.NextMarker }))
  assert.deepEqual([...listed.Grants!, ...next.Grants!].map((g) => g.GrantId).sort(), [a.GrantId, b.GrantId].sort())
  // The caller is the account root that issued the grants, which may retire them.
  await kms.send(new RetireGrantCommand({ GrantToken: a.GrantToken }))
  await kms.send(new RetireGrantCommand({ KeyId: keyId, GrantId: b.GrantId }))
  assert.deepEqual(await grantsOf(keyId), [])
  await rejectsWith(kms.send(new RetireGrantCommand({ GrantToken: a.GrantToken })), { name: 'NotFoundException', message: 'Grant ID not found' })
  await rejectsWith(kms.send(new RetireGrantCommand({ KeyId: keyId })), { name: 'ValidationException', message: 'Either GrantToken, or both KeyId and GrantId, must be specified.' })
  await rejectsWith(kms.send(new RetireGrantCommand({ GrantToken: 'bm90IGEgdG9rZW4=' })), INVALID_TOKEN)
})

test('a forged or altered grant token is InvalidGrantTokenException on Encrypt; a real one is accepted', async () => {
  const keyId = await createKey()
  const { GrantToken } = await grant({ KeyId: keyId, Operations: ['Encrypt'] })
  const encrypt = (tokens: string[]) => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), GrantTokens: tokens }))
  await encrypt([GrantToken!])
  const bytes = Buffer.from(GrantToken!, 'base64')
  bytes[10]! ^= 1
  await rejectsWith(encrypt([GrantToken!, bytes.toString('base64')]), INVALID_TOKEN)
  await rejectsWith(encrypt(['not base64 at all!']), INVALID_TOKEN)
  // A token naming another key id with the original MAC does not verify.
  const moved = Buffer.concat([Buffer.from(GrantToken!, 'base64').subarray(0, 65), Buffer.from(await createKey(), 'utf8')])
  await rejectsWith(encrypt([moved.toString('base64')]), INVALID_TOKEN)
})

test('deleting a key removes its grants', async () => {
  const keyId = await createKey()
  const { GrantToken } = await grant({ KeyId: keyId, Operations: ['Encrypt'], RetiringPrincipal: ROLE })
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
  assert.equal((await grantsOf(keyId)).length, 1)
  await trent.advanceClock(7 * 24 * 3600 + 60)
  await rejectsWith(kms.send(new ListGrantsCommand({ KeyId: keyId })), { name: 'NotFoundException', message: `Key 'arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${keyId}' does not exist` })
  await rejectsWith(kms.send(new RetireGrantCommand({ GrantToken })), { name: 'NotFoundException', message: 'Grant ID not found' })
})
