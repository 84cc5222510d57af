/** Assertions for end-to-end tests: AWS errors as the SDK surfaces them, and times against Trent's clock. */
import assert from 'node:assert/strict'
import type { TrentProcess } from './server.js'

export interface ExpectedError {
  /** The AWS exception name (`err.name`). */
  name: string
  /** The exact message, or a pattern it must match. */
  message: string | RegExp
  /** HTTP status; 400 unless given. */
  status?: number
}

interface SdkError extends Error { $metadata?: { httpStatusCode?: number; requestId?: string } }

/** Awaits `work`, which must fail with exactly this AWS exception, message and HTTP status. */
export async function rejectsWith(work: Promise<unknown>, expected: ExpectedError): Promise<SdkError> {
  let err: SdkError | undefined
  try {
    await work
  } catch (e) {
    err = e as SdkError
  }
  assert.ok(err, `expected ${expected.name} but the call succeeded`)
  assert.equal(err.name, expected.name, `wrong exception (message: ${err.message})`)
  if (typeof expected.message === 'string') assert.equal(err.message, expected.message)
  else assert.match(err.message, expected.message)
  assert.equal(err.$metadata?.httpStatusCode, expected.status ?? 400)
  return err
}

/** Trent's current time in milliseconds (wall clock plus however far the dev clock was moved). */
export const serverNow = (trent: TrentProcess): number => Date.now() + trent.clockOffsetMs

/**
 * Asserts that `actual` lies between two readings of Trent's clock taken around the call that made it
 * (plus `offsetMs`), which holds however slow the machine is. 1 ms slack covers epoch-seconds rounding.
 */
export function assertBetween(actual: Date | undefined, loMs: number, hiMs: number, offsetMs = 0): void {
  assert.ok(actual instanceof Date, `expected a Date, got ${String(actual)}`)
  const t = actual.getTime() - offsetMs
  assert.ok(t >= loMs - 1 && t <= hiMs + 1, `${actual.toISOString()} - ${offsetMs} ms is not within [${new Date(loMs).toISOString()}, ${new Date(hiMs).toISOString()}]`)
}

export const DAY_SECONDS = 24 * 3600
export const DAY_MS = DAY_SECONDS * 1000
