// `trent migrate` and `trent copy-store`: an embedded SQLite deployment moved onto PostgreSQL loses
// nothing (keys, every material version, aliases, tags, credentials, IAM users and access keys); old ciphertexts decrypt when
// served from PostgreSQL with the same root key; a non-empty target is refused. The audit trail comes
// along unchanged: `trent audit verify` accepts it on PostgreSQL, and new records continue its chain.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import {
  CreateAliasCommand, CreateGrantCommand, ListGrantsCommand, RetireGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, ListKeyRotationsCommand,
  ListResourceTagsCommand, RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms'
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { dropSchemas, freshSchemaName, TEST_DATABASE_URL } from '../support/pg.js'
import { REGION, ROOT_CREDENTIALS, TrentProcess } from '../support/server.js'
import { PG_MIGRATIONS } from '../../src/storage/postgres/schema.js'
import { recordsPerRequest, verifySchema } from '../support/pg-audit.js'
import { auditRecords } from '../support/audit-db.js'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')
const schemas: string[] = []
after(() => dropSchemas(schemas))

async function trent(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [MAIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

test('trent migrate creates the schema once, then reports it current', async () => {
  const schema = freshSchemaName()
  schemas.push(schema)
  const env = { TRENT_DATABASE_URL: TEST_DATABASE_URL, TRENT_DATABASE_SCHEMA: schema }
  assert.deepEqual(await trent(['migrate'], env), { code: 0, stdout: `schema ${schema} migrated from version 0 to ${PG_MIGRATIONS.length}\n`, stderr: '' })
  assert.deepEqual(await trent(['migrate'], env), { code: 0, stdout: `schema ${schema} is current (version ${PG_MIGRATIONS.length})\n`, stderr: '' })
  const missing = await trent(['migrate'], {})
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /set TRENT_DATABASE_URL/)
})

test('copy-store moves a SQLite deployment onto PostgreSQL with nothing lost', async () => {
  const embedded = await TrentProcess.start()
  const kms = embedded.client()
  const key = (await kms.send(new CreateKeyCommand({ Description: 'moved', Tags: [{ TagKey: 'team', TagValue: 'a' }] }))).KeyMetadata!
  const before = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('old material') }))
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))
  const after = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('new material') }))
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/moved', TargetKeyId: key.KeyId }))
  const grant = await kms.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: 'arn:aws:iam::000000000000:user/app', Operations: ['Decrypt'] }))
  const iam = new IAMClient({ endpoint: embedded.url, region: REGION, credentials: ROOT_CREDENTIALS, maxAttempts: 1 })
  await iam.send(new CreateUserCommand({ UserName: 'moved-user' }))
  const userKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'moved-user' }))).AccessKey!
  iam.destroy()
  await embedded.stop()

  const schema = freshSchemaName()
  schemas.push(schema)
  const env = { TRENT_DATABASE_URL: TEST_DATABASE_URL, TRENT_DATABASE_SCHEMA: schema }
  const copied = await trent(['copy-store', '--from', embedded.dataDir], env)
  assert.equal(copied.code, 0, copied.stderr)
  const recorded = auditRecords(embedded.dataDir).length
  assert.match(copied.stdout, new RegExp(`^copied \\d+ settings, 1 keys, 2 materials, 1 aliases, 0 import_parameters, 1 grants, 2 iam_entities, ${recorded} audit_records, 1 audit_head, [1-9]\\d* audit_digests from `))
  const verifiedCopy = await verifySchema(schema)
  assert.equal(verifiedCopy.code, 0, verifiedCopy.stdout)
  assert.match(verifiedCopy.stdout, new RegExp(`^${recorded} records, [1-9]\\d* digests, \\d+ records not yet covered by a digest: valid\n$`))

  const again = await trent(['copy-store', '--from', embedded.dataDir], env)
  assert.equal(again.code, 1)
  assert.match(again.stderr, /the target already holds data \(table settings\); copy-store only fills an empty store/)

  const served = await TrentProcess.start({ env: { ...env, TRENT_ROOT_KEY_FILE: join(embedded.dataDir, 'root.key') } })
  try {
    const pg = served.client()
    for (const [blob, text] of [[before.CiphertextBlob!, 'old material'], [after.CiphertextBlob!, 'new material']] as const) {
      assert.equal(Buffer.from((await pg.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), text)
    }
    const described = (await pg.send(new DescribeKeyCommand({ KeyId: 'alias/moved' }))).KeyMetadata!
    assert.deepEqual([described.KeyId, described.Description], [key.KeyId, 'moved'])
    assert.equal((await pg.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }))).Rotations!.length, 1)
    assert.deepEqual((await pg.send(new ListGrantsCommand({ KeyId: key.KeyId }))).Grants!.map((g) => g.GrantId), [grant.GrantId])
    const retired = await pg.send(new RetireGrantCommand({ GrantToken: grant.GrantToken }))
    // Served from PostgreSQL, the trail goes on from the copied head and still verifies.
    assert.equal((await recordsPerRequest(schema)).get(retired.$metadata.requestId!), 1)
    const verifiedAfter = await verifySchema(schema)
    assert.equal(verifiedAfter.code, 0, verifiedAfter.stdout)
    assert.deepEqual((await pg.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags, [{ TagKey: 'team', TagValue: 'a' }])
    // IAM users and their sealed access keys move too.
    const sts = new STSClient({ endpoint: served.url, region: REGION, credentials: { accessKeyId: userKey.AccessKeyId!, secretAccessKey: userKey.SecretAccessKey! }, maxAttempts: 1 })
    assert.match((await sts.send(new GetCallerIdentityCommand({}))).Arn!, /:user\/moved-user$/)
    sts.destroy()
  } finally {
    await served.dispose()
    await embedded.dispose()
  }
})
