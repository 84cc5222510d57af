/**
 * An audit scope is the one record a call (or a piece of work Trent does itself) leaves. Transactions
 * that change state run through `transact`, which appends the record in the same transaction, with
 * responseElements derived from the key as committed; the change and its record commit together or not
 * at all (DESIGN: "Every state change and its audit record commit in one transaction").
 */
import type { KeyRecord } from '../kms/records.js'
import type { Storage, StoreTx } from '../storage/types.js'
import type { AuditLog } from './audit-log.js'
import type { IamOutcome } from './iam-elements.js'
import type { CloudTrailRecord } from './record.js'

/** What a state-changing transaction hands to its record. */
export interface Committed {
  /** The key as committed (or as it was just before being deleted). */
  key?: KeyRecord
  /** The key as it was before the change, when there was one. */
  before?: KeyRecord
  /** A grant the call created (CreateGrant records its id). */
  grantId?: string
  /** What an IAM or STS call committed (its responseElements are derived from it). */
  iam?: IamOutcome
}

export abstract class AuditScope {
  private recordedInTx = false

  constructor(protected readonly log: AuditLog) {}

  /** Whether the record already committed with a state change. */
  get recorded(): boolean { return this.recordedInTx }

  /** The record of a successful outcome. */
  protected abstract success(committed: Committed): CloudTrailRecord

  /**
   * Runs `fn` in one store transaction together with this scope's success record. A second
   * state-changing transaction in the same call is a programming error: a call leaves exactly one record.
   */
  async transact<T>(store: Storage, fn: (tx: StoreTx) => Promise<{ result: T } & Committed>): Promise<T> {
    if (this.recordedInTx) throw new Error('a call may commit only one audited transaction')
    const out = await store.transaction(async (tx) => {
      const r = await fn(tx)
      await this.log.appendInTx(tx, [this.success(r)])
      return r
    })
    this.recordedInTx = true
    return out.result
  }
}
