/**
 * Errors as Query protocol XML. IAM/STS errors keep their code; the SigV4 and shared errors take the
 * names IAM and STS use for the same failures (InvalidClientTokenId, SignatureDoesNotMatch,
 * ExpiredToken, ...). Anything unexpected is a Receiver fault whose cause stays in the log.
 */
import type { Logger } from 'pino'
import { KmsException } from '../../kms/errors.js'
import { StorageUnavailableError } from '../../storage/types.js'
import { errorXml } from './xml.js'

export interface QueryErrorResponse { status: number; code: string; body: string }

/** KMS-taxonomy names -> [Query code, HTTP status]. */
const RENAMED: Record<string, [string, number]> = {
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  IncompleteSignatureException: ['IncompleteSignature', 400],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  ExpiredTokenException: ['ExpiredToken', 403],
  ValidationException: ['ValidationError', 400],
  AccessDeniedException: ['AccessDenied', 403],
  ThrottlingException: ['Throttling', 400],
}

export function queryError(err: unknown, service: 'iam' | 'sts', xmlns: string, requestId: string, log: Logger): QueryErrorResponse {
  if (err instanceof KmsException && err.status < 500) {
    const [code, status] = RENAMED[err.code] ?? [err.code, err.status]
    return { status, code, body: errorXml(xmlns, 'Sender', code, err.message, requestId) }
  }
  if (err instanceof StorageUnavailableError) log.warn({ reason: err.message }, 'database unavailable')
  else log.error({ err }, 'internal error')
  const code = service === 'iam' ? 'ServiceFailure' : 'InternalFailure'
  return { status: 500, code, body: errorXml(xmlns, 'Receiver', code, 'An internal error occurred.', requestId) }
}
