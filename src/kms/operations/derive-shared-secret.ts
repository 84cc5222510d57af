/**
 * DeriveSharedSecret: the raw ECDH shared secret of a KEY_AGREEMENT key's private half and a peer's
 * DER SubjectPublicKeyInfo on the same curve (AWS returns it raw; deriving a key from it is the
 * caller's job, per NIST SP 800-56A).
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { OperationHandler } from '../context.js'
import { InvalidKeyUsageException, UnsupportedOperationException } from '../errors.js'
import { keySpecEntry } from '../key-specs.js'
import { assertKeyState } from '../key-state.js'
import { currentMaterial, dryRunSucceeded } from '../symmetric.js'

export const deriveSharedSecret: OperationHandler<'DeriveSharedSecret'> = async (ctx, caller, input) => {
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('Recipient (Nitro Enclaves attestation) is not supported by Trent.')
  const key = await authorizedKey(ctx, caller, 'DeriveSharedSecret', input, { aliases: true })
  if (key.keyUsage !== 'KEY_AGREEMENT') {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for DeriveSharedSecret.`)
  }
  const agreement = keySpecEntry(key.keySpec).agreement
  if (!agreement?.algorithms.includes(input.KeyAgreementAlgorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${input.KeyAgreementAlgorithm} is incompatible with key spec ${key.keySpec}.`)
  }
  assertKeyState(key, 'use')
  if (input.DryRun) throw dryRunSucceeded()
  const secret = agreement.derive(await currentMaterial(ctx, key), input.PublicKey)
  return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: input.KeyAgreementAlgorithm, KeyOrigin: key.origin }
}
