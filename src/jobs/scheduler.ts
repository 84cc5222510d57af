/**
 * Runs the time-driven jobs (deletion, rotation, hourly audit digests) every interval, one pass at a time, and on demand (the dev clock runs a pass
 * right after moving time). A failing pass is logged and retried at the next tick.
 */
import type { Logger } from 'pino'
import type { AuditDigester } from '../audit/digests.js'
import type { KmsContext } from '../kms/context.js'
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

  private async pass(): Promise<void> {
    try {
      const deleted = await deleteDueKeys(this.ctx)
      const rotated = await rotateDueKeys(this.ctx)
      const digest = await this.digester.digestIfDue()
      if (deleted || rotated || digest) this.log.info({ deleted, rotated, auditDigest: digest?.seq }, 'background jobs')
    } catch (err) {
      this.log.error({ err }, 'background job pass failed')
    }
  }
}
