/**
 * GenerateMac: an HMAC of up to 4096 bytes with a GENERATE_VERIFY_MAC key whose spec matches the
 * MacAlgorithm. The checks are shared with VerifyMac.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import type { MacAlgorithmSpec } from '../../api/generated/kms-model.js'
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import { InvalidKeyUsageException } from '../errors.js'
import { keySpecEntry } from '../key-specs.js'
import { assertKeyState } from '../key-state.js'
import type { KeyRecord } from '../records.js'
import { currentMaterial, dryRunSucceeded } from '../symmetric.js'

export interface MacRequest { KeyId: string; Message: Buffer; MacAlgorithm: MacAlgorithmSpec; DryRun?: boolean }

/** Resolves the key, checks usage, algorithm and state in AWS's order, and computes the MAC of the message. */
export async function computeMac(ctx: KmsContext, caller: Caller, operation: string, input: MacRequest): Promise<{ key: KeyRecord; mac: Buffer }> {
  const key = await authorizedKey(ctx, caller, operation, input, { aliases: true })
  if (key.keyUsage !== 'GENERATE_VERIFY_MAC') {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`)
  }
  const capability = keySpecEntry(key.keySpec).mac
  if (!capability?.algorithms.includes(input.MacAlgorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${input.MacAlgorithm} is incompatible with key spec ${key.keySpec}.`)
  }
  assertKeyState(key, 'use')
  if (input.DryRun) throw dryRunSucceeded()
  return { key, mac: capability.mac(await currentMaterial(ctx, key), input.MacAlgorithm, input.Message) }
}

export const generateMac: OperationHandler<'GenerateMac'> = async (ctx, caller, input) => {
  const { key, mac } = await computeMac(ctx, caller, 'GenerateMac', input)
  return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: key.arn }
}
