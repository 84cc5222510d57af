/**
 * The exported trail's file layout, shared by the writer (export.ts) and the verifier (verify-export.ts).
 * Log files are CloudTrail-style gzip JSON `{"Records": [...]}`; each also carries `TrentChain` (the
 * first sequence number, the hash before it and each record's chain hash) so a verifier can name the
 * record at fault. One digest file per signed digest lists the log file it covers with the SHA-256 of
 * its decompressed bytes (as CloudTrail's digests do) and repeats the signed statement and signature.
 */
export const PUBLIC_KEYS_FILE = 'public-keys.json'
export const LOG_DIR = 'logs'
export const DIGEST_DIR = 'digests'

export const logFileName = (digestSeq: number): string => `${LOG_DIR}/trent-audit-${String(digestSeq).padStart(8, '0')}.json.gz`
export const digestFileName = (digestSeq: number): string => `${DIGEST_DIR}/trent-digest-${String(digestSeq).padStart(8, '0')}.json.gz`

export interface ExportedLogFile {
  Records: unknown[]
  TrentChain: { firstSequence: number; previousHash: string; hashes: string[] }
}

export interface ExportedDigest {
  digestSequence: number
  digestTime: string
  headSequence: number
  headHash: string
  previousDigestSignature: string | null
  keyFingerprint: string
  digestSignatureAlgorithm: 'Ed25519'
  signature: string
  logFiles: {
    file: string
    hashValue: string
    hashAlgorithm: 'SHA-256'
    firstSequence: number
    lastSequence: number
    oldestEventTime: string
    newestEventTime: string
  }[]
}
