/**
 * The one mapping from errors to AWS JSON 1.1 error responses. Client errors show their code and
 * message; anything else is a 500 KMSInternalException whose cause stays in the log.
 */
import type { Logger } from 'pino'
import { DependencyTimeoutException, KmsException } from '../kms/errors.js'
import { StorageUnavailableError } from '../storage/types.js'

export interface WireError {
  status: number
  body: { __type: string; message: string }
}

export function toWire(err: unknown, log: Logger): WireError {
  // AWS's description of DependencyTimeoutException: "The system timed out while trying to fulfill the request."
  if (err instanceof StorageUnavailableError) {
    log.warn({ reason: err.message }, 'database unavailable')
    const timeout = new DependencyTimeoutException('The system timed out while trying to fulfill the request.')
    return { status: timeout.status, body: { __type: timeout.code, message: timeout.message } }
  }
  if (err instanceof KmsException && err.status < 500) return { status: err.status, body: { __type: err.code, message: err.message } }
  if (err instanceof KmsException && err.code !== 'KMSInternalException') {
    log.warn({ code: err.code, reason: err.message }, 'dependency failure')
    return { status: err.status, body: { __type: err.code, message: err.message } }
  }
  log.error({ err }, 'internal error')
  return { status: 500, body: { __type: 'KMSInternalException', message: 'An internal error occurred.' } }
}
