/**
 * The first half of ImportKeyMaterial: check the import token against the key and the clock, and
 * unwrap the material with the token's sealed wrapping key. Messages are Trent's wording of AWS's
 * exception descriptions (AWS's exact texts are not on record).
 */
import { unwrapImport } from '../../crypto/import-unwrap.js'
import { invalidCiphertext } from '../ciphertext.js'
import type { KmsContext } from '../context.js'
import { ExpiredImportTokenException, IncorrectKeyMaterialException, InvalidImportTokenException } from '../errors.js'
import type { KeySpecEntry } from '../key-specs.js'
import type { KeyRecord } from '../records.js'
import { importingOf, wrappingFor } from './wrapping.js'

export interface OpenedImport { tokenId: string; material: Buffer }

export const invalidToken = (): InvalidImportTokenException =>
  new InvalidImportTokenException('The import token is invalid or is associated with a different KMS key.')

export async function openImport(ctx: KmsContext, key: KeyRecord, entry: KeySpecEntry, token: Buffer, wrapped: Buffer): Promise<OpenedImport> {
  const claims = await ctx.imports.openToken(token)
  if (!claims || claims.keyArn !== key.arn) throw invalidToken()
  if (claims.notAfter <= ctx.clock.now()) {
    throw new ExpiredImportTokenException('The import token has expired. Use GetParametersForImport to get a new import token and public key, encrypt the key material with the new public key, and try again.')
  }
  // Gone once used (each wrapping key serves one import) or removed by the expiry job.
  const params = await ctx.keys.store.read.getImportParameters(claims.tokenId)
  if (!params || params.keyId !== key.keyId) throw invalidToken()
  const { scheme, modulusBits } = wrappingFor(params.wrappingAlgorithm, params.wrappingKeySpec, entry)
  const privateKey = await ctx.imports.unsealWrappingKey(params.sealedPrivateKey, key.arn, claims.tokenId)
  const unwrapped = unwrapImport(privateKey, modulusBits / 8, scheme, wrapped)
  privateKey.fill(0)
  if (!unwrapped) throw invalidCiphertext()
  const parsed = importingOf(entry).parse(unwrapped)
  unwrapped.fill(0)
  if ('problem' in parsed) throw new IncorrectKeyMaterialException(`The key material is invalid for key spec ${entry.spec}: it ${parsed.problem}.`)
  return { tokenId: claims.tokenId, material: parsed.material }
}
