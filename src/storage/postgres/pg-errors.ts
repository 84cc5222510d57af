/**
 * Maps node-postgres failures onto the storage port's errors: a lost race is a StorageConflictError (the
 * caller may retry on fresh state); an unreachable or timed-out database is a StorageUnavailableError,
 * which the API answers as a 500-class DependencyTimeoutException. Anything else (a bug) passes unchanged.
 */
import { StorageConflictError, StorageUnavailableError } from '../types.js'

// SQLSTATE: serialization_failure, deadlock_detected, unique_violation (a concurrent insert of one key).
const CONFLICT = new Set(['40001', '40P01', '23505'])
// SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator intervention
// (57014 = statement_timeout / query cancelled, 57P01-03 = server shutting down or starting).
const UNAVAILABLE_CLASSES = ['08', '53', '57']

export function mapPgError(err: unknown): unknown {
  if (!(err instanceof Error)) return err
  const code = (err as Error & { code?: unknown }).code
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (CONFLICT.has(code)) return new StorageConflictError(`concurrent change (SQLSTATE ${code})`, { cause: err })
    if (UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return new StorageUnavailableError(`database unavailable (SQLSTATE ${code})`, { cause: err })
    return err
  }
  // No SQLSTATE: the failure is below SQL (refused or reset socket, connection or query timeout).
  return new StorageUnavailableError(`database unavailable: ${err.message}`, { cause: err })
}

/** True when a pooled connection must not be reused after this error. */
export function isConnectionBroken(err: unknown): boolean {
  return err instanceof StorageUnavailableError
}
