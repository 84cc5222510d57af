/**
 * Verifies an exported trail directory: every digest file (signature, link to the previous digest, no
 * gap), every log file it lists (present, SHA-256 as recorded), and the hash chain recomputed from the
 * records themselves, which must end at the hash the digest signed. Names the record at fault where the
 * per-record chain hashes allow it.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { canonicalJson } from './canonical.js'
import { chainHash } from './chain.js'
import { GENESIS_HASH, type AuditDigest } from './entry.js'
import { DIGEST_DIR, PUBLIC_KEYS_FILE, type ExportedDigest, type ExportedLogFile } from './export-format.js'
import type { PublicKeyInfo } from './signing-key.js'
import { checkDigests, type Fault, type VerifyReport } from './verify.js'

export function verifyExport(dir: string): VerifyReport {
  const keys = JSON.parse(readFileSync(join(dir, PUBLIC_KEYS_FILE), 'utf8')) as PublicKeyInfo[]
  const digests = readdirSync(join(dir, DIGEST_DIR)).filter((f) => f.endsWith('.json.gz')).sort()
    .map((f) => JSON.parse(gunzipSync(readFileSync(join(dir, DIGEST_DIR, f))).toString('utf8')) as ExportedDigest)
  const faults: Fault[] = []
  /** The chain hash recomputed from the exported records, at each digest's head. */
  const recomputed = new Map<number, string>([[0, GENESIS_HASH]])
  let head = { seq: 0, hash: GENESIS_HASH }
  let records = 0
  for (const d of digests) {
    for (const lf of d.logFiles) {
      const path = join(dir, lf.file)
      if (!existsSync(path)) { faults.push({ kind: 'digest', seq: d.digestSequence, problem: `log file ${lf.file} is missing` }); continue }
      const json = gunzipSync(readFileSync(path))
      if (createHash('sha256').update(json).digest('hex') !== lf.hashValue) {
        faults.push({ kind: 'digest', seq: d.digestSequence, problem: `log file ${lf.file} does not match its SHA-256 in the digest (changed)` })
      }
      const log = JSON.parse(json.toString('utf8')) as ExportedLogFile
      if (lf.firstSequence !== head.seq + 1) {
        faults.push({ kind: 'digest', seq: d.digestSequence, problem: `gap: records ${head.seq + 1}..${lf.firstSequence - 1} are not in any log file` })
      }
      head = { seq: lf.firstSequence - 1, hash: head.seq === lf.firstSequence - 1 ? head.hash : log.TrentChain.previousHash }
      const expected = lf.lastSequence - lf.firstSequence + 1
      if (log.Records.length !== expected) {
        faults.push({ kind: 'digest', seq: d.digestSequence, problem: `log file ${lf.file} holds ${log.Records.length} records, the digest lists ${expected} (records deleted or inserted)` })
      }
      log.Records.forEach((record, i) => {
        const seq = lf.firstSequence + i
        const hash = chainHash(head.hash, seq, canonicalJson(record))
        const stated = log.TrentChain.hashes[i]
        if (stated !== undefined && stated !== hash) {
          const eventId = (record as { eventID?: string }).eventID
          faults.push({ kind: 'record', seq, ...(eventId ? { eventId } : {}), problem: `${lf.file} record ${i + 1}: hash does not match (modified, deleted, inserted or reordered)` })
        }
        // Continue from the stated hash so one bad record does not hide later ones.
        head = { seq, hash: stated ?? hash }
      })
      records += log.Records.length
    }
    recomputed.set(d.headSequence, head.seq === d.headSequence ? head.hash : '')
  }
  const stored: AuditDigest[] = digests.map((d) => ({
    seq: d.digestSequence, createdAt: Date.parse(d.digestTime), headSeq: d.headSequence, headHash: d.headHash,
    previousSignature: d.previousDigestSignature, keyFingerprint: d.keyFingerprint, signature: d.signature,
  }))
  faults.push(...checkDigests(stored, keys, (seq) => recomputed.get(seq)))
  return { records, digests: digests.length, unsigned: 0, faults }
}
