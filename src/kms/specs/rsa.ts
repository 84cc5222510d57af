/**
 * RSA_2048 / RSA_3072 / RSA_4096 (AWS key spec reference, "RSA key specs"): ENCRYPT_DECRYPT with
 * RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256, or SIGN_VERIFY with RSASSA_PSS_SHA_256/384/512 (salt length
 * = digest length) and RSASSA_PKCS1_V1_5_SHA_256/384/512, each for RAW and DIGEST messages.
 * Material: PKCS#8 DER, public exponent 65537.
 */
import { generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'
import type { EncryptionAlgorithmSpec, KeySpec, SigningAlgorithmSpec } from '../../api/generated/kms-model.js'
import { publicKeyDer } from '../../crypto/key-cache.js'
import { oaepDecrypt, oaepEncrypt, oaepMaxPlaintextBytes, type OaepHash } from '../../crypto/rsa-oaep.js'
import {
  RSA_HASH_BYTES, rsaSign, rsaVerify, type RsaSignatureHash, type RsaSignatureScheme,
} from '../../crypto/rsa-signature.js'
import { ValidationException } from '../errors.js'
import type { EncryptionCapability, KeySpecEntry } from '../key-specs.js'
import { pkcs8Import } from './importing.js'
import { incompatibleAlgorithm, signingCapability, type SigningAlgorithm } from './signing.js'

/** RSA key generation takes up to seconds (4096 bits): it runs in node's thread pool. */
const generateRsaKeyPair = promisify(generateKeyPair)

const OAEP: Partial<Record<EncryptionAlgorithmSpec, OaepHash>> = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' }

function rsaSigning(scheme: RsaSignatureScheme, hash: RsaSignatureHash): SigningAlgorithm {
  return {
    messageTypes: ['RAW', 'DIGEST'],
    digestBytes: RSA_HASH_BYTES[hash],
    sign: (material, message, type) => rsaSign(material, scheme, hash, message, type === 'DIGEST'),
    verify: (spki, message, type, signature) => rsaVerify(spki, scheme, hash, message, type === 'DIGEST', signature),
    // The private-key operation takes 1.5 ms (2048 bits) to 10 ms (4096); verifying takes ~0.1-0.3 ms.
    offload: { sign: ['RAW', 'DIGEST'] },
  }
}

const SIGNING: Partial<Record<SigningAlgorithmSpec, SigningAlgorithm>> = {
  RSASSA_PSS_SHA_256: rsaSigning('pss', 'sha256'),
  RSASSA_PSS_SHA_384: rsaSigning('pss', 'sha384'),
  RSASSA_PSS_SHA_512: rsaSigning('pss', 'sha512'),
  RSASSA_PKCS1_V1_5_SHA_256: rsaSigning('pkcs1', 'sha256'),
  RSASSA_PKCS1_V1_5_SHA_384: rsaSigning('pkcs1', 'sha384'),
  RSASSA_PKCS1_V1_5_SHA_512: rsaSigning('pkcs1', 'sha512'),
}

function rsaEncryption(spec: KeySpec, bits: number): EncryptionCapability {
  const hashOf = (algorithm: EncryptionAlgorithmSpec): OaepHash => {
    const hash = OAEP[algorithm]
    if (!hash) throw incompatibleAlgorithm(algorithm, spec)
    return hash
  }
  const maxPlaintextBytes = (algorithm: EncryptionAlgorithmSpec) => oaepMaxPlaintextBytes(bits, hashOf(algorithm))
  return {
    algorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    asymmetric: {
      maxPlaintextBytes,
      encrypt(spki, algorithm, plaintext) {
        const max = maxPlaintextBytes(algorithm)
        if (plaintext.length > max) {
          throw new ValidationException(`Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`)
        }
        return oaepEncrypt(spki, hashOf(algorithm), plaintext)
      },
      decrypt: (material, algorithm, ciphertext) => oaepDecrypt(material, hashOf(algorithm), ciphertext),
      offloadDecrypt: true, // a private-key operation, as slow as signing
    },
  }
}

function rsa(bits: 2048 | 3072 | 4096): KeySpecEntry {
  const spec: KeySpec = `RSA_${bits}`
  return {
    spec,
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
    rotatable: false,
    generateMaterial: async () => (await generateRsaKeyPair('rsa', {
      modulusLength: bits,
      publicExponent: 65537,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    })).privateKey,
    publicKey: publicKeyDer,
    // A PKCS#8 RSA key (~5/8 byte per modulus bit) never fits one OAEP block: AWS allows RSA_AES wrapping only.
    importing: pkcs8Import('rsa', `${bits}-bit RSA`, bits, (k) => k.modulusBits === bits),
    encryption: rsaEncryption(spec, bits),
    signing: signingCapability(spec, SIGNING),
  }
}

export const RSA_2048 = rsa(2048)
export const RSA_3072 = rsa(3072)
export const RSA_4096 = rsa(4096)
