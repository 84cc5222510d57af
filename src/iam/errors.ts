/**
 * IAM and STS errors, named by the code the Query protocol sends (`<Code>NoSuchEntity</Code>`), with
 * the HTTP status of AWS's IAM/STS models. They extend the one taxonomy, so wire mapping stays in api/.
 */
import { KmsException } from '../kms/errors.js'

/** Sender faults all of them; the Query protocol's `<Type>`. */
export abstract class QueryException extends KmsException {}

const define = (code: string, status: number) =>
  class extends QueryException {
    readonly code = code
    override readonly status = status
  }

export class NoSuchEntity extends define('NoSuchEntity', 404) {}
export class EntityAlreadyExists extends define('EntityAlreadyExists', 409) {}
export class DeleteConflict extends define('DeleteConflict', 409) {}
export class LimitExceeded extends define('LimitExceeded', 409) {}
export class MalformedPolicyDocument extends define('MalformedPolicyDocument', 400) {}
export class ValidationError extends define('ValidationError', 400) {}
export class InvalidAction extends define('InvalidAction', 400) {}
export class AccessDenied extends define('AccessDenied', 403) {}
