/**
 * Verification of the trail as stored: the whole hash chain, the chain head row, and every digest (its
 * signature under a published key valid at its time, its link to the previous digest, and that the
 * record it signed still has the hash it signed). Reports every fault with the record or digest at fault.
 */
import type { StoreReader } from '../storage/types.js'
import { walkChain, type ChainFault } from './chain.js'
import { digestSignatureValid } from './digests.js'
import { GENESIS_HASH, type AuditDigest, type AuditHead } from './entry.js'
import { publicKeys, type PublicKeyInfo } from './signing-key.js'

const PAGE = 5000

export interface Fault {
  kind: 'record' | 'digest'
  seq: number
  eventId?: string
  problem: string
}

export interface VerifyReport {
  records: number
  digests: number
  /** Records after the newest digest: chained but not yet signed. */
  unsigned: number
  faults: Fault[]
}

export async function verifyStore(read: StoreReader): Promise<VerifyReport> {
  const faults: Fault[] = []
  const digests = await read.listAuditDigests()
  // Only the hashes digests signed are kept, so memory does not grow with the trail.
  const signedSeqs = new Set(digests.map((d) => d.headSeq))
  const hashes = new Map<number, string>()
  let head: AuditHead = { seq: 0, hash: GENESIS_HASH }
  let records = 0
  for (let after = 0; ;) {
    const page = await read.listAudit(after, PAGE)
    if (!page.length) break
    const walked = walkAll(head, page)
    faults.push(...walked.faults.map((f) => ({ kind: 'record' as const, ...f })))
    for (const e of page) if (signedSeqs.has(e.seq)) hashes.set(e.seq, e.hash)
    head = walked.head
    records += page.length
    after = page.at(-1)!.seq
  }
  const stored = await read.auditHead()
  if (stored.seq !== head.seq || stored.hash !== head.hash) {
    faults.push({ kind: 'record', seq: stored.seq, problem: `the chain head row says seq ${stored.seq} but the last record is seq ${head.seq} (records deleted or appended outside Trent)` })
  }
  faults.push(...checkDigests(digests, await publicKeys(read), (seq) => (seq === 0 ? GENESIS_HASH : hashes.get(seq))))
  return { records, digests: digests.length, unsigned: Math.max(0, head.seq - (digests.at(-1)?.headSeq ?? 0)), faults }
}

/** Walks the whole chain, re-anchoring after each fault so one bad record does not hide later ones. */
export function walkAll(from: AuditHead, entries: Parameters<typeof walkChain>[1]): { head: AuditHead; faults: ChainFault[] } {
  const faults: ChainFault[] = []
  let head = from
  let rest = entries
  for (;;) {
    const r = walkChain(head, rest)
    if (!r.fault) return { head: r.head, faults }
    faults.push(r.fault)
    const i = rest.findIndex((e) => e.seq === r.fault!.seq && e.eventId === r.fault!.eventId)
    head = { seq: rest[i]!.seq, hash: rest[i]!.hash }
    rest = rest.slice(i + 1)
  }
}

/** Digest faults; `hashAt(seq)` is the stored hash of record seq (undefined if there is none). */
export function checkDigests(digests: readonly AuditDigest[], keys: readonly PublicKeyInfo[], hashAt: (seq: number) => string | undefined): Fault[] {
  const faults: Fault[] = []
  let previous: AuditDigest | undefined
  for (const d of digests) {
    const fault = (problem: string) => faults.push({ kind: 'digest', seq: d.seq, problem })
    if (d.seq !== (previous?.seq ?? 0) + 1) fault(`gap: digests ${(previous?.seq ?? 0) + 1}..${d.seq - 1} are missing`)
    if (d.previousSignature !== (previous?.signature ?? null)) fault('does not link to the previous digest\'s signature (a digest was deleted, inserted or changed)')
    const key = keys.find((k) => k.fingerprint === d.keyFingerprint)
    const at = new Date(d.createdAt).toISOString()
    if (!key) fault(`signed with unknown key ${d.keyFingerprint}`)
    else if (at < key.validFrom || (key.validTo !== undefined && at > key.validTo)) fault(`made at ${at}, outside its key's validity window`)
    else if (!digestSignatureValid(d, key)) fault('signature is not valid (the digest was changed)')
    const hash = hashAt(d.headSeq)
    if (hash === undefined) fault(`signed record ${d.headSeq}, which no longer exists`)
    else if (hash !== d.headHash) fault(`signed record ${d.headSeq} with a hash it no longer has: records ${(previous?.headSeq ?? 0) + 1}..${d.headSeq} were rewritten since`)
    previous = d
  }
  return faults
}
