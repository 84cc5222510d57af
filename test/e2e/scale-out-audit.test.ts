// Three nodes on one PostgreSQL schema, each taking calls at once (state changes and reads): the audit
// trail is one chain that `trent audit verify` accepts, holding exactly one record per acknowledged call.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { CreateKeyCommand, DecryptCommand, EncryptCommand, TagResourceCommand, type KMSClient } from '@aws-sdk/client-kms'
import { TrentCluster } from '../support/cluster.js'
import { recordsPerRequest, verifySchema } from '../support/pg-audit.js'

let cluster: TrentCluster
before(async () => { cluster = await TrentCluster.start({ nodes: 3 }) })
after(async () => { await cluster.dispose() })

/** CreateKey, then Encrypt, Decrypt and TagResource under it, `rounds` times; answers the request ids. */
async function drive(kms: KMSClient, rounds: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < rounds; i++) {
    const created = await kms.send(new CreateKeyCommand({}))
    const keyId = created.KeyMetadata!.KeyId!
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(`round ${i}`) }))
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))
    const tag = await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'round', TagValue: String(i) }] }))
    ids.push(...[created, enc, dec, tag].map((r) => r.$metadata.requestId!))
  }
  return ids
}

test('three nodes writing at once keep one verifiable chain with exactly one record per acknowledged call', async () => {
  const acked = (await Promise.all(cluster.nodes.flatMap((n) => [1, 2, 3].map(() => drive(n.client(), 8))))).flat()
  assert.equal(acked.length, 3 * 3 * 8 * 4)
  const counts = await recordsPerRequest(cluster.schema)
  for (const id of acked) assert.equal(counts.get(id), 1, `request ${id} has ${counts.get(id) ?? 0} records`)
  const verified = await verifySchema(cluster.schema)
  assert.equal(verified.code, 0, verified.stdout)
  assert.match(verified.stdout, /^\d+ records, \d+ digests, \d+ records not yet covered by a digest: valid\n$/)
})
