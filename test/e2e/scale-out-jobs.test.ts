// Background jobs with two nodes on one database: both nodes' clocks move past a rotation date and a
// deletion date at the same moment, both run their job passes, and each due action happens exactly once.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EnableKeyRotationCommand, EncryptCommand, ListKeyRotationsCommand,
  ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms'
import { TrentCluster } from '../support/cluster.js'
import { rejectsWith } from '../support/kms-assert.js'

const DAY = 24 * 60 * 60
let cluster: TrentCluster
let a: KMSClient
let b: KMSClient
before(async () => {
  cluster = await TrentCluster.start({ nodes: 2 })
  ;[a, b] = [cluster.node(0).client(), cluster.node(1).client()]
})
after(async () => { await cluster.dispose() })

/** Sums a counter over both nodes' "background jobs" log lines. */
function jobTotal(field: 'deleted' | 'rotated'): number {
  return cluster.nodes.flatMap((n) => n.logs).filter((l) => l.includes('"msg":"background jobs"'))
    .reduce((sum, l) => sum + ((JSON.parse(l) as Record<string, number>)[field] ?? 0), 0)
}

test('rotation and deletion due on both nodes at once each happen exactly once', async () => {
  const rotating = (await a.send(new CreateKeyCommand({}))).KeyMetadata!
  await a.send(new EnableKeyRotationCommand({ KeyId: rotating.KeyId, RotationPeriodInDays: 90 }))
  const old = await b.send(new EncryptCommand({ KeyId: rotating.KeyId, Plaintext: Buffer.from('before rotation') }))
  const doomed = (await b.send(new CreateKeyCommand({}))).KeyMetadata!
  await b.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }))

  // Both nodes move 91 days on at once; each runs a job pass right after moving.
  await Promise.all([cluster.node(0).advanceClock(91 * DAY), cluster.node(1).advanceClock(91 * DAY)])
  // A node that found the lease taken skipped that pass; a second pass on each proves nothing is left to do.
  await Promise.all([cluster.node(0).advanceClock(1), cluster.node(1).advanceClock(1)])

  const { Rotations } = await b.send(new ListKeyRotationsCommand({ KeyId: rotating.KeyId }))
  assert.equal(Rotations!.length, 1)
  assert.equal(Rotations![0]!.RotationType, 'AUTOMATIC')
  assert.equal(jobTotal('rotated'), 1)
  assert.equal(jobTotal('deleted'), 1)
  const { Plaintext } = await a.send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }))
  assert.equal(Buffer.from(Plaintext!).toString(), 'before rotation')
  for (const client of [a, b]) {
    await rejectsWith(client.send(new DescribeKeyCommand({ KeyId: doomed.KeyId })), { name: 'NotFoundException', message: `Key '${doomed.Arn}' does not exist` })
  }
})
