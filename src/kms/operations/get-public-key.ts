/**
 * GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key, with what a caller needs to use it
 * safely outside KMS: its spec, usage and algorithms. Symmetric and HMAC keys have no public half.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { CustomerMasterKeySpec } from '../../api/generated/kms-model.js'
import type { OperationHandler } from '../context.js'
import { UnsupportedOperationException } from '../errors.js'
import { algorithmLists, keySpecEntry } from '../key-specs.js'
import { assertKeyState } from '../key-state.js'
import { currentMaterial } from '../symmetric.js'

export const getPublicKey: OperationHandler<'GetPublicKey'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'GetPublicKey', input, { aliases: true })
  const entry = keySpecEntry(key.keySpec)
  if (!entry.publicKey) {
    throw new UnsupportedOperationException(`${key.arn} key KeySpec is ${key.keySpec} which is not valid for GetPublicKey.`)
  }
  // AWS KMS Developer Guide, "Key states": GetPublicKey on a disabled key is DisabledException.
  assertKeyState(key, 'use')
  return {
    KeyId: key.arn,
    PublicKey: entry.publicKey(await currentMaterial(ctx, key)),
    CustomerMasterKeySpec: key.keySpec as CustomerMasterKeySpec,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    ...algorithmLists(entry, key.keyUsage),
  }
}
