/**
 * VerifyMac: recomputes the HMAC and compares it in constant time. A mismatch is KMSInvalidMacException
 * with an empty message, as AWS sends it; success is MacValid true (AWS never answers false).
 */
import { timingSafeEqual } from 'node:crypto'
import type { OperationHandler } from '../context.js'
import { KMSInvalidMacException } from '../errors.js'
import { computeMac } from './generate-mac.js'

export const verifyMac: OperationHandler<'VerifyMac'> = async (ctx, caller, input) => {
  const { key, mac } = await computeMac(ctx, caller, 'VerifyMac', input)
  // The length of a MAC is public (it follows from the algorithm), so only equal lengths are compared.
  if (mac.length !== input.Mac.length || !timingSafeEqual(mac, input.Mac)) throw new KMSInvalidMacException('')
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm }
}
