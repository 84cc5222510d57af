/**
 * The operations Trent implements, by AWS name. Every other KMS operation answers
 * UnsupportedOperationException (api/dispatch.ts), and README lists both sets.
 */
import type { OperationName } from '../../api/generated/kms-model.js'
import { authorizeWithoutKey } from '../authz/authorize.js'
import type { Caller, KmsContext, OperationHandler } from '../context.js'
import { createAlias, deleteAlias, updateAlias } from './alias-operations.js'
import { cancelKeyDeletion } from './cancel-key-deletion.js'
import { createGrant } from './create-grant.js'
import { createKey } from './create-key.js'
import { decrypt } from './decrypt.js'
import { deleteImportedKeyMaterial } from './delete-imported-key-material.js'
import { deriveSharedSecret } from './derive-shared-secret.js'
import { describeKey } from './describe-key.js'
import { disableKey, enableKey } from './enable-disable-key.js'
import { encrypt } from './encrypt.js'
import { generateDataKey, generateDataKeyWithoutPlaintext } from './generate-data-key.js'
import { generateDataKeyPair, generateDataKeyPairWithoutPlaintext } from './generate-data-key-pair.js'
import { generateMac } from './generate-mac.js'
import { generateRandom } from './generate-random.js'
import { getParametersForImport } from './get-parameters-for-import.js'
import { getKeyLastUsage } from './get-key-last-usage.js'
import { getPublicKey } from './get-public-key.js'
import { importKeyMaterial } from './import-key-material.js'
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './key-policy-operations.js'
import { disableKeyRotation, enableKeyRotation, getKeyRotationStatus } from './key-rotation-settings.js'
import { listAliases } from './list-aliases.js'
import { listGrants, listRetirableGrants } from './list-grants.js'
import { listKeyRotations } from './list-key-rotations.js'
import { listKeys } from './list-keys.js'
import { reEncrypt } from './re-encrypt.js'
import { retireGrant } from './retire-grant.js'
import { revokeGrant } from './revoke-grant.js'
import { rotateKeyOnDemand } from './rotate-key-on-demand.js'
import { scheduleKeyDeletion } from './schedule-key-deletion.js'
import { sign } from './sign.js'
import { listResourceTags, tagResource, untagResource } from './tag-operations.js'
import { updateKeyDescription } from './update-key-description.js'
import { verify } from './verify.js'
import { verifyMac } from './verify-mac.js'

export type OperationTable = { [Op in OperationName]?: OperationHandler<Op> }

const HANDLERS: OperationTable = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  UpdateKeyDescription: updateKeyDescription,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  Encrypt: encrypt,
  Decrypt: decrypt,
  ReEncrypt: reEncrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  GenerateRandom: generateRandom,
  GetPublicKey: getPublicKey,
  Sign: sign,
  Verify: verify,
  GenerateMac: generateMac,
  VerifyMac: verifyMac,
  DeriveSharedSecret: deriveSharedSecret,
  EnableKeyRotation: enableKeyRotation,
  DisableKeyRotation: disableKeyRotation,
  GetKeyRotationStatus: getKeyRotationStatus,
  RotateKeyOnDemand: rotateKeyOnDemand,
  ListKeyRotations: listKeyRotations,
  CreateAlias: createAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
  GetKeyPolicy: getKeyPolicy,
  PutKeyPolicy: putKeyPolicy,
  ListKeyPolicies: listKeyPolicies,
  GetParametersForImport: getParametersForImport,
  ImportKeyMaterial: importKeyMaterial,
  DeleteImportedKeyMaterial: deleteImportedKeyMaterial,
  CreateGrant: createGrant,
  ListGrants: listGrants,
  ListRetirableGrants: listRetirableGrants,
  RetireGrant: retireGrant,
  RevokeGrant: revokeGrant,
  GetKeyLastUsage: getKeyLastUsage,
}

type AnyHandler = (ctx: KmsContext, caller: Caller, input: { GrantTokens?: string[] }) => Promise<unknown>

/**
 * Operations on no particular key: identity policies alone authorize them, against resource `*`, as in
 * AWS (CreateKey needs only kms:CreateKey; ListKeys and ListAliases list the caller's account). Every
 * other operation authorizes in its own file, after resolving its key (authz/authorized-key.ts);
 * RetireGrant is decided by the grant itself (policy/grants.ts mayRetire).
 */
const WITHOUT_KEY: ReadonlySet<string> = new Set(['CreateKey', 'ListKeys', 'ListAliases', 'GenerateRandom', 'ListRetirableGrants'])

function authorizingWithoutKey(operation: string, handler: AnyHandler): AnyHandler {
  return async (ctx, caller, input) => {
    await authorizeWithoutKey(ctx, caller, operation, input)
    return handler(ctx, caller, input)
  }
}

/**
 * Every operation that takes GrantTokens checks them before anything else: a malformed or forged token
 * is InvalidGrantTokenException whatever else the request holds. (Which grants they name is read by the
 * authorization step, grants/grant-access.ts resolveGrantTokens.)
 */
function checkingGrantTokens(handler: AnyHandler): AnyHandler {
  return async (ctx, caller, input) => {
    if (input.GrantTokens !== undefined) await ctx.grantTokens.check(input.GrantTokens)
    return handler(ctx, caller, input)
  }
}

export const OPERATIONS: OperationTable = Object.fromEntries(
  Object.entries(HANDLERS).map(([name, handler]) => {
    const h = handler as AnyHandler
    return [name, checkingGrantTokens(WITHOUT_KEY.has(name) ? authorizingWithoutKey(name, h) : h)]
  }),
) as OperationTable
