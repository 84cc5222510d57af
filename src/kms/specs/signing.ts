/**
 * Builds a SigningCapability from a table of the spec's signing algorithms, so each family file only
 * says what its algorithms are. The capability re-checks what the operation should already have
 * checked (algorithm, message type, digest length) so that no path signs what AWS would refuse.
 */
import type { KeySpec, MessageType, SigningAlgorithmSpec } from '../../api/generated/kms-model.js'
import { InvalidKeyUsageException, ValidationException } from '../errors.js'
import type { SigningCapability } from '../key-specs.js'

export interface SigningAlgorithm {
  readonly messageTypes: readonly MessageType[]
  /** Length a DIGEST (or EXTERNAL_MU) message must have. */
  readonly digestBytes?: number
  sign(material: Buffer, message: Buffer, messageType: MessageType): Buffer
  verify(publicKeyDer: Buffer, message: Buffer, messageType: MessageType, signature: Buffer): boolean
  /** Message types whose sign or verify is slow (measured: 0.5 ms or more) and runs on a crypto worker. */
  readonly offload?: { readonly sign?: readonly MessageType[]; readonly verify?: readonly MessageType[] }
}

/** AWS's wording for an algorithm a key spec does not support (verified for MAC algorithms). */
export function incompatibleAlgorithm(algorithm: string, spec: KeySpec): InvalidKeyUsageException {
  return new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec ${spec}.`)
}

export function signingCapability(
  spec: KeySpec, table: Partial<Record<SigningAlgorithmSpec, SigningAlgorithm>>,
): SigningCapability {
  const algorithms = Object.keys(table) as SigningAlgorithmSpec[]
  const resolve = (algorithm: SigningAlgorithmSpec, message: Buffer, messageType: MessageType): SigningAlgorithm => {
    const entry = table[algorithm]
    if (!entry) throw incompatibleAlgorithm(algorithm, spec)
    if (!entry.messageTypes.includes(messageType)) {
      throw new ValidationException(`MessageType ${messageType} is not supported with signing algorithm ${algorithm}. Supported: ${entry.messageTypes.join(', ')}.`)
    }
    if (messageType !== 'RAW' && message.length !== entry.digestBytes) {
      throw new ValidationException(`Digest is invalid length for algorithm ${algorithm}.`)
    }
    return entry
  }
  return {
    algorithms,
    messageTypes: (algorithm) => table[algorithm]?.messageTypes ?? [],
    digestBytes: (algorithm) => table[algorithm]?.digestBytes,
    sign: (material, algorithm, message, messageType) =>
      resolve(algorithm, message, messageType).sign(material, message, messageType),
    verify: (publicKeyDer, algorithm, message, messageType, signature) =>
      resolve(algorithm, message, messageType).verify(publicKeyDer, message, messageType, signature),
    offload: (operation, algorithm, messageType) => table[algorithm]?.offload?.[operation]?.includes(messageType) ?? false,
  }
}
