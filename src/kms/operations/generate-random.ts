/** GenerateRandom: 1-1024 bytes from node's CSPRNG (OpenSSL's DRBG). */
import { randomBytes } from 'node:crypto'
import type { OperationHandler } from '../context.js'
import { UnsupportedOperationException, ValidationException } from '../errors.js'

export const generateRandom: OperationHandler<'GenerateRandom'> = async (_ctx, _caller, input) => {
  if (input.CustomKeyStoreId !== undefined) throw new UnsupportedOperationException('Custom key stores are not supported by this version of Trent.')
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('Recipient (Nitro Enclaves attestation) is not supported by Trent.')
  if (input.NumberOfBytes === undefined) {
    throw new ValidationException('NumberOfBytes is required.')
  }
  return { Plaintext: randomBytes(input.NumberOfBytes) }
}
