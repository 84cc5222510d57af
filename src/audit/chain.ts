/**
 * The hash chain: record n's hash is SHA-256 over (hash of record n-1, n, canonical record n), so a
 * record cannot be changed, dropped, inserted or moved without breaking every hash after it.
 */
import { hash as digest } from 'node:crypto'
import type { AuditEntry, AuditHead, UnchainedEntry } from './entry.js'

export function chainHash(prevHash: string, seq: number, canonicalRecord: string): string {
  // One-shot hash of the joined text: the same bytes as hashing the ASCII prefix and then the record
  // (UTF-8 encodes each part on its own), at about half the cost of a Hash object per record.
  return digest('sha256', `${prevHash}\n${seq}\n${canonicalRecord}`, 'hex')
}

export type { UnchainedEntry }

/** Continues the chain from `head` with `entries`, in order. */
export function extendChain(head: AuditHead, entries: readonly UnchainedEntry[]): AuditEntry[] {
  let { seq, hash } = head
  return entries.map((e) => {
    const prevHash = hash
    seq += 1
    hash = chainHash(prevHash, seq, e.record)
    return { ...e, seq, prevHash, hash }
  })
}

/** A fault found while walking a chain. */
export interface ChainFault {
  seq: number
  eventId: string
  problem: string
}

/**
 * Checks that `entries` (in stored order) continue the chain from `from`: consecutive sequence numbers,
 * each linked to the previous hash, each hash matching its record. Returns the first fault and the
 * head reached.
 */
export function walkChain(from: AuditHead, entries: readonly AuditEntry[]): { head: AuditHead; fault?: ChainFault } {
  let head = from
  for (const e of entries) {
    const at = { seq: e.seq, eventId: e.eventId }
    if (e.seq !== head.seq + 1) {
      const problem = e.seq > head.seq + 1
        ? `gap: records ${head.seq + 1}..${e.seq - 1} are missing (deleted)`
        : `out of order: seq ${e.seq} follows seq ${head.seq} (reordered or inserted)`
      return { head, fault: { ...at, problem } }
    }
    if (e.prevHash !== head.hash) return { head, fault: { ...at, problem: 'previous hash does not match the record before it (inserted, deleted or reordered)' } }
    if (chainHash(e.prevHash, e.seq, e.record) !== e.hash) return { head, fault: { ...at, problem: 'hash does not match the record content (modified)' } }
    head = { seq: e.seq, hash: e.hash }
  }
  return { head }
}
