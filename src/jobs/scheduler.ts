/**
 * Runs the time-driven jobs (deletion, rotation, hourly audit digests) every interval, one pass at a time, and on demand (the dev clock runs a pass
 * right after moving time). A failing pass is logged and retried at the next tick.
 * Every node runs the scheduler; each job's pass runs under a store lease, so on a shared database one
 * node at a time does it (the others skip that tick), and each item's due-check is repeated inside its
 * own transaction, so a deletion or rotation happens exactly once even if leases ever overlapped.
 */
import type { Logger } from 'pino'
import type { AuditDigester } from '../audit/digests.js'
import type { KmsContext } from '../kms/context.js'
import { expireImportedMaterial } from './import-expiry.js'
import { deleteDueKeys } from './key-deletion.js'
import { rotateDueKeys } from './key-rotation.js'

export class JobScheduler {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> = Promise.resolve()

  constructor(
    private readonly ctx: KmsContext,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly digester: AuditDigester,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runNow(), this.intervalMs)
    this.timer.unref()
    void this.runNow()
  }

  /** Runs one pass after any pass in progress; resolves when it is done. */
  runNow(): Promise<void> {
    this.running = this.running.then(() => this.pass())
    return this.running
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }

  /** Runs one job's pass if no other node is running it; 0 done otherwise. */
  private async leased(job: string, run: () => Promise<number>): Promise<number> {
    const outcome = await this.ctx.keys.store.withLease(job, run)
    if (!outcome.ran) this.log.debug({ job }, 'job pass skipped: another node holds its lease')
    return outcome.ran ? outcome.value : 0
  }

  private async pass(): Promise<void> {
    try {
      const deleted = await this.leased('key-deletion', () => deleteDueKeys(this.ctx))
      const rotated = await this.leased('key-rotation', () => rotateDueKeys(this.ctx))
      const expired = await this.leased('import-expiry', () => expireImportedMaterial(this.ctx))
      // Under a lease so one node makes each digest; digestIfDue re-reads the last digest inside it.
      const digest = await this.leased('audit-digests', async () => (await this.digester.digestIfDue())?.seq ?? 0)
      const store = this.ctx.keys.store
      const sessions = await this.leased('session-purge', () => store.transaction((tx) => tx.purgeIamEntities(this.ctx.clock.now())))
      if (deleted || rotated || expired || sessions || digest) {
        this.log.info({ deleted, rotated, expired, sessions, auditDigest: digest || undefined }, 'background jobs')
      }
    } catch (err) {
      this.log.error({ err }, 'background job pass failed')
    }
  }
}
