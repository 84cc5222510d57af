/**
 * Time, injected everywhere (DESIGN: every time-dependent rule reads an injected clock), so tests move
 * through deletion windows and rotation periods without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/**
 * Wall-clock time plus an offset that only ever grows. Used by the explicit dev mode
 * (TRENT_DEV_CLOCK=1) so end-to-end tests can move a real server process forward in time.
 */
export class AdvanceableClock implements Clock {
  private offsetMs = 0
  now(): number { return Date.now() + this.offsetMs }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward')
    this.offsetMs += ms
  }
}

/** Fully manual time, for unit tests. */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): number { return this.current }
  advance(ms: number): void { this.current += ms }
}
