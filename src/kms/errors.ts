/**
 * The closed error taxonomy. Each class is named after the AWS exception it sends on the wire;
 * `api/wire-errors.ts` is the only place that turns them into HTTP responses. Client errors (4xx)
 * show their message; server faults never leak their cause (it stays in the log).
 */
export abstract class KmsException extends Error {
  abstract readonly code: string
  /** HTTP status sent with this error. */
  readonly status: number = 400

  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

const define = (code: string, status = 400) =>
  class extends KmsException {
    readonly code = code
    override readonly status = status
  }

// Protocol and authentication (framework errors shared by every AWS JSON service).
export class ValidationException extends define('ValidationException') {}
export class SerializationException extends define('SerializationException') {}
export class UnknownOperationException extends define('UnknownOperationException') {}
export class MissingAuthenticationTokenException extends define('MissingAuthenticationTokenException') {}
export class IncompleteSignatureException extends define('IncompleteSignatureException') {}
export class InvalidSignatureException extends define('InvalidSignatureException') {}
export class UnrecognizedClientException extends define('UnrecognizedClientException') {}
export class AccessDeniedException extends define('AccessDeniedException') {}
export class ExpiredTokenException extends define('ExpiredTokenException') {}
export class RequestEntityTooLargeException extends define('RequestEntityTooLargeException', 413) {}
export class ThrottlingException extends define('ThrottlingException') {}

// KMS exceptions, as declared in the AWS model.
export class NotFoundException extends define('NotFoundException') {}
export class DisabledException extends define('DisabledException') {}
export class KMSInvalidStateException extends define('KMSInvalidStateException') {}
export class InvalidCiphertextException extends define('InvalidCiphertextException') {}
export class IncorrectKeyException extends define('IncorrectKeyException') {}
export class InvalidKeyUsageException extends define('InvalidKeyUsageException') {}
export class InvalidArnException extends define('InvalidArnException') {}
export class InvalidAliasNameException extends define('InvalidAliasNameException') {}
export class AlreadyExistsException extends define('AlreadyExistsException') {}
export class LimitExceededException extends define('LimitExceededException') {}
export class MalformedPolicyDocumentException extends define('MalformedPolicyDocumentException') {}
export class TagException extends define('TagException') {}
export class InvalidMarkerException extends define('InvalidMarkerException') {}
export class InvalidGrantTokenException extends define('InvalidGrantTokenException') {}
export class InvalidGrantIdException extends define('InvalidGrantIdException') {}
export class UnsupportedOperationException extends define('UnsupportedOperationException') {}
export class DryRunOperationException extends define('DryRunOperationException') {}
export class NotAuthorizedException extends define('NotAuthorizedException') {}
// Importing key material (BYOK).
export class ExpiredImportTokenException extends define('ExpiredImportTokenException') {}
export class InvalidImportTokenException extends define('InvalidImportTokenException') {}
export class IncorrectKeyMaterialException extends define('IncorrectKeyMaterialException') {}
// Verification failures: AWS sends both with an empty message.
export class KMSInvalidSignatureException extends define('KMSInvalidSignatureException') {}
export class KMSInvalidMacException extends define('KMSInvalidMacException') {}

// CloudTrail's LookupEvents (served on the same endpoint for the audit trail).
export class InvalidLookupAttributesException extends define('InvalidLookupAttributesException') {}
export class InvalidTimeRangeException extends define('InvalidTimeRangeException') {}
export class InvalidMaxResultsException extends define('InvalidMaxResultsException') {}
export class InvalidNextTokenException extends define('InvalidNextTokenException') {}
export class InvalidEventCategoryException extends define('InvalidEventCategoryException') {}

// Server faults: the SDKs retry these.
export class KMSInternalException extends define('KMSInternalException', 500) {}
export class DependencyTimeoutException extends define('DependencyTimeoutException', 500) {}
export class KeyUnavailableException extends define('KeyUnavailableException', 500) {}
