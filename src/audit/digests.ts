/**
 * Signed digests of the chain: each one states (its number, its time, the chain head's seq and hash, the
 * previous digest's signature) and signs that statement with the audit signing key, so digests form
 * their own chain and a deleted digest shows as a break. Made at least hourly by a job (on Trent's
 * clock) and on demand (`trent audit export`).
 */
import { sign, verify } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { Keyring } from '../keyring/keyring.js'
import type { Storage } from '../storage/types.js'
import { canonicalJson } from './canonical.js'
import type { AuditDigest } from './entry.js'
import { loadSigningKey, publicKeyObject, type PublicKeyInfo, type SigningKey } from './signing-key.js'

export const DIGEST_INTERVAL_MS = 60 * 60 * 1000

/** The exact bytes a digest's signature covers. */
export function digestStatement(d: Omit<AuditDigest, 'signature'>): Buffer {
  return Buffer.from(canonicalJson({
    digestSequence: d.seq, digestTime: new Date(d.createdAt).toISOString(), headSequence: d.headSeq, headHash: d.headHash,
    previousDigestSignature: d.previousSignature, keyFingerprint: d.keyFingerprint,
  }), 'utf8')
}

export function digestSignatureValid(d: AuditDigest, key: PublicKeyInfo): boolean {
  return verify(null, digestStatement(d), publicKeyObject(key), Buffer.from(d.signature, 'hex'))
}

export class AuditDigester {
  private key: SigningKey | undefined

  constructor(private readonly store: Storage, private readonly keyring: Keyring, private readonly clock: Clock) {}

  /** Signs the current chain head now. */
  async digest(): Promise<AuditDigest> {
    this.key ??= await loadSigningKey(this.store, this.keyring, this.clock)
    const { fingerprint, privateKey } = this.key
    return this.store.transaction(async (tx) => {
      const head = await tx.auditHead()
      const last = (await tx.listAuditDigests()).at(-1)
      const unsigned = {
        seq: (last?.seq ?? 0) + 1, createdAt: this.clock.now(), headSeq: head.seq, headHash: head.hash,
        previousSignature: last?.signature ?? null, keyFingerprint: fingerprint,
      }
      const digest: AuditDigest = { ...unsigned, signature: sign(null, digestStatement(unsigned), privateKey).toString('hex') }
      await tx.addAuditDigest(digest)
      return digest
    })
  }

  /** The job's pass: a digest if the last one is an interval old (or there is none). */
  async digestIfDue(): Promise<AuditDigest | undefined> {
    const last = (await this.store.read.listAuditDigests()).at(-1)
    if (last && this.clock.now() - last.createdAt < DIGEST_INTERVAL_MS) return undefined
    return this.digest()
  }
}
