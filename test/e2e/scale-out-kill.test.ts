// Three nodes under load from SDK clients; one is killed with SIGKILL mid-load. Every request that was
// acknowledged before the kill must be durable (its key exists, its ciphertext decrypts on another node),
// and the two surviving nodes must serve every request, before and after the kill, without an error.
// The audit trail too: every acknowledged call has its one record, and the chain verifies.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms'
import { TrentCluster } from '../support/cluster.js'
import { recordsPerRequest, verifySchema } from '../support/pg-audit.js'

let cluster: TrentCluster
before(async () => { cluster = await TrentCluster.start({ nodes: 3 }) })
after(async () => { await cluster.dispose() })

interface Acked { keyId: string; ciphertext: Uint8Array; plaintext: Buffer; requestIds: string[] }

/** One client's loop: CreateKey then Encrypt under it, recording only what was acknowledged. */
async function drive(client: KMSClient, until: () => boolean, acked: Acked[], errors: unknown[]): Promise<void> {
  while (!until()) {
    try {
      const created = await client.send(new CreateKeyCommand({}))
      const keyId = created.KeyMetadata!.KeyId!
      const plaintext = randomBytes(32)
      const { CiphertextBlob, $metadata } = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))
      acked.push({ keyId, ciphertext: CiphertextBlob!, plaintext, requestIds: [created.$metadata.requestId!, $metadata.requestId!] })
    } catch (err) {
      errors.push(err)
      // A dead node refuses at once: do not spin on it.
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

test('kill -9 one of three nodes under load: acknowledged work is durable, the others serve without errors', async () => {
  const [survivorA, survivorB, victim] = [cluster.node(0), cluster.node(1), cluster.node(2)]
  const acked: Acked[] = []
  const ackedByVictim: Acked[] = []
  const survivorErrors: unknown[] = []
  const victimErrors: unknown[] = []
  let stop = false
  const workers = [
    ...[survivorA, survivorB].flatMap((n) => [1, 2, 3].map(() => drive(n.client(), () => stop, acked, survivorErrors))),
    ...[1, 2, 3].map(() => drive(victim.client(), () => stop, ackedByVictim, victimErrors)),
  ]
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const ackedByVictimBeforeKill = ackedByVictim.length
  assert.equal(await victim.stop('SIGKILL'), 'SIGKILL')
  const victimAcksAtKill = [...ackedByVictim]
  await new Promise((resolve) => setTimeout(resolve, 1500))
  stop = true
  await Promise.all(workers)

  assert.deepEqual(survivorErrors, [])
  assert.ok(ackedByVictimBeforeKill > 0, 'the victim acknowledged nothing before the kill')
  assert.ok(victimErrors.length > 0, 'requests to the killed node should have failed')
  assert.ok(acked.length > 20, `only ${acked.length} acknowledged by the survivors`)
  const verifier = survivorB.client()
  for (const item of [...victimAcksAtKill, ...acked]) {
    const { KeyMetadata } = await verifier.send(new DescribeKeyCommand({ KeyId: item.keyId }))
    assert.equal(KeyMetadata!.KeyState, 'Enabled')
    const { Plaintext, KeyId } = await verifier.send(new DecryptCommand({ CiphertextBlob: item.ciphertext }))
    assert.deepEqual(Buffer.from(Plaintext!), item.plaintext)
    assert.equal(KeyId, KeyMetadata!.Arn)
  }
  // Records are durable before their response leaves, so the killed node's acknowledged calls have theirs.
  const counts = await recordsPerRequest(cluster.schema)
  for (const item of [...victimAcksAtKill, ...acked]) {
    for (const id of item.requestIds) assert.equal(counts.get(id), 1, `acknowledged request ${id} has ${counts.get(id) ?? 0} records`)
  }
  const verified = await verifySchema(cluster.schema)
  assert.equal(verified.code, 0, verified.stdout)
  assert.match(verified.stdout, /: valid\n$/)
})
