/**
 * ML_DSA_44 / ML_DSA_65 / ML_DSA_87 (AWS "ML-DSA key specs"): SIGN_VERIFY with ML_DSA_SHAKE_256, for
 * MessageType RAW (FIPS 204 ML-DSA.Sign, empty context, hedged) and EXTERNAL_MU (the 64-byte mu of
 * FIPS 204 section 6.2; the signature equals one over the RAW message). DIGEST is not accepted.
 * Material: the 32-byte key generation seed. Public key: SubjectPublicKeyInfo with the NIST OID.
 */
import { randomBytes } from 'node:crypto'
import type { KeySpec } from '../../api/generated/kms-model.js'
import {
  ML_DSA_MU_BYTES, ML_DSA_SEED_BYTES, mlDsaPublicKeyDer, mlDsaSign, mlDsaVerify, type MlDsaLevel,
} from '../../crypto/ml-dsa.js'
import type { KeySpecEntry } from '../key-specs.js'
import { signingCapability } from './signing.js'

function mlDsa(level: MlDsaLevel): KeySpecEntry {
  const spec: KeySpec = `ML_DSA_${level}`
  return {
    spec,
    usages: ['SIGN_VERIFY'],
    rotatable: false,
    generateMaterial: async () => randomBytes(ML_DSA_SEED_BYTES),
    publicKey: (seed) => mlDsaPublicKeyDer(level, seed),
    signing: signingCapability(spec, {
      ML_DSA_SHAKE_256: {
        messageTypes: ['RAW', 'EXTERNAL_MU'],
        digestBytes: ML_DSA_MU_BYTES,
        sign: (seed, message, type) => mlDsaSign(level, seed, message, type === 'EXTERNAL_MU'),
        verify: (spki, message, type, signature) => mlDsaVerify(level, spki, message, type === 'EXTERNAL_MU', signature),
        // @noble/post-quantum: 7-13 ms to sign, 2-5 ms to verify.
        offload: { sign: ['RAW', 'EXTERNAL_MU'], verify: ['RAW', 'EXTERNAL_MU'] },
      },
    }),
  }
}

export const ML_DSA_44 = mlDsa(44)
export const ML_DSA_65 = mlDsa(65)
export const ML_DSA_87 = mlDsa(87)
