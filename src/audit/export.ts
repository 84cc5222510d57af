/**
 * `trent audit export`: writes the whole trail, up to a digest made on demand, as CloudTrail-style log
 * and digest files plus the public keys (see export-format.ts), for shipping to a SIEM.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { StoreReader } from '../storage/types.js'
import type { AuditDigester } from './digests.js'
import type { AuditEntry } from './entry.js'
import { DIGEST_DIR, digestFileName, LOG_DIR, logFileName, PUBLIC_KEYS_FILE, type ExportedDigest, type ExportedLogFile } from './export-format.js'
import { publicKeys } from './signing-key.js'

export interface ExportSummary { records: number; digests: number; logFiles: number }

export async function exportTrail(read: StoreReader, digester: AuditDigester, outDir: string): Promise<ExportSummary> {
  await digester.digest()
  mkdirSync(join(outDir, LOG_DIR), { recursive: true })
  mkdirSync(join(outDir, DIGEST_DIR), { recursive: true })
  writeFileSync(join(outDir, PUBLIC_KEYS_FILE), `${JSON.stringify(await publicKeys(read), null, 2)}\n`)
  let after = 0
  let records = 0
  let logFiles = 0
  const digests = await read.listAuditDigests()
  for (const d of digests) {
    const entries = d.headSeq > after ? await read.listAudit(after, d.headSeq - after) : []
    const files: ExportedDigest['logFiles'] = []
    if (entries.length) {
      const file = logFileName(d.seq)
      const json = Buffer.from(JSON.stringify(logFile(entries)), 'utf8')
      writeFileSync(join(outDir, file), gzipSync(json))
      files.push({
        file, hashValue: createHash('sha256').update(json).digest('hex'), hashAlgorithm: 'SHA-256',
        firstSequence: entries[0]!.seq, lastSequence: entries.at(-1)!.seq,
        oldestEventTime: new Date(entries[0]!.eventTime).toISOString(), newestEventTime: new Date(entries.at(-1)!.eventTime).toISOString(),
      })
      records += entries.length
      logFiles++
    }
    const exported: ExportedDigest = {
      digestSequence: d.seq, digestTime: new Date(d.createdAt).toISOString(), headSequence: d.headSeq, headHash: d.headHash,
      previousDigestSignature: d.previousSignature, keyFingerprint: d.keyFingerprint, digestSignatureAlgorithm: 'Ed25519',
      signature: d.signature, logFiles: files,
    }
    writeFileSync(join(outDir, digestFileName(d.seq)), gzipSync(JSON.stringify(exported)))
    after = Math.max(after, d.headSeq)
  }
  return { records, digests: digests.length, logFiles }
}

function logFile(entries: readonly AuditEntry[]): ExportedLogFile {
  return {
    Records: entries.map((e) => JSON.parse(e.record) as unknown),
    TrentChain: { firstSequence: entries[0]!.seq, previousHash: entries[0]!.prevHash, hashes: entries.map((e) => e.hash) },
  }
}
