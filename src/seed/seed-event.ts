/**
 * The audit scope of one seed-file change. The seed file is applied by Trent at start, not by a caller,
 * so each key, material import and alias it creates commits with an AwsServiceEvent named after the
 * operation a caller would have used, marked as coming from the seed file (docs/decisions.md).
 */
import { ServiceEvent, type SeedEventName } from '../audit/service-event.js'
import type { KmsContext } from '../kms/context.js'

export const seedEvent = (ctx: KmsContext, name: SeedEventName): ServiceEvent =>
  new ServiceEvent(ctx.audit, ctx.clock, name, { source: 'seed file' })

/** Thrown inside a seed transaction to roll it back (and its record) when there is nothing to change. */
export class NothingToChange extends Error {}
