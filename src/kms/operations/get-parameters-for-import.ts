/**
 * GetParametersForImport: a fresh RSA wrapping key pair and an import token, valid 24 hours. The
 * private half is sealed by the keyring, bound to the key and the token, and stored until the token is
 * used or expires (ImportKeyMaterial and the import-expiry job delete it); it never leaves the server.
 */
import { authorizedKey } from '../authz/authorized-key.js'
import { generateWrappingKeyPair } from '../../crypto/import-unwrap.js'
import type { OperationHandler } from '../context.js'
import { assertExternal, IMPORT_PARAMETERS_VALID_MS } from '../import/external-key.js'
import { newTokenId } from '../import/import-secrets.js'
import { wrappingFor } from '../import/wrapping.js'
import { keySpecEntry } from '../key-specs.js'
import { assertKeyState } from '../key-state.js'

export const getParametersForImport: OperationHandler<'GetParametersForImport'> = async (ctx, caller, input) => {
  const key = await authorizedKey(ctx, caller, 'GetParametersForImport', input, { aliases: false })
  assertExternal(key)
  assertKeyState(key, 'import')
  const { modulusBits } = wrappingFor(input.WrappingAlgorithm, input.WrappingKeySpec, keySpecEntry(key.keySpec))
  // node generates RSA keys on libuv's thread pool, so the event loop stays free (seconds for 4096 bits).
  const pair = await generateWrappingKeyPair(modulusBits)
  const tokenId = newTokenId()
  const expiresAt = ctx.clock.now() + IMPORT_PARAMETERS_VALID_MS
  const sealedPrivateKey = await ctx.imports.sealWrappingKey(pair.privateKeyDer, key.arn, tokenId)
  pair.privateKeyDer.fill(0)
  // It stores the sealed wrapping key, so its record commits with it (like every state change).
  await caller.audit.transact(ctx.keys.store, async (tx) => {
    await tx.putImportParameters({
      tokenId, keyId: key.keyId, wrappingAlgorithm: input.WrappingAlgorithm, wrappingKeySpec: input.WrappingKeySpec, sealedPrivateKey, expiresAt,
    })
    return { result: undefined, key }
  })
  return {
    KeyId: key.arn,
    ImportToken: await ctx.imports.sealToken({ tokenId, keyArn: key.arn, notAfter: expiresAt }),
    PublicKey: pair.publicKeyDer,
    ParametersValidTo: new Date(expiresAt),
  }
}
