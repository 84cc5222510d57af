/**
 * Floor C: the most any Sign / Verify / GenerateMac on this stack can do. A minimal node:http handler
 * that verifies SigV4 with Trent's own SigV4Verifier and calls node:crypto `sign` / `verify` /
 * `createHmac` directly with key material held in memory as KeyObjects. Everything runs inline on the
 * event loop: for RSA there is no worker-thread hop (Trent signs RSA on a worker), so on one pinned
 * core the floor pays no thread handoff while Trent's worker shares the core with its event loop.
 * Deliberately absent: input validation, key lookup, storage, policy, audit, logging, request ids.
 *
 *   node dist/bench/floor-c.js --port 4603 --keys p256=<id>,rsa2048=<id>,rsa4096=<id>,hmac256=<id>
 * The ids only make the requests the same size as Trent's; each names the key of that spec here.
 */
import { constants, createHmac, createSecretKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { parseArgs } from 'node:util'
import { REGION } from './constants.js'
import { serveFloor, type FloorOperations } from './floor-server.js'

const { values } = parseArgs({ options: { port: { type: 'string' }, keys: { type: 'string', default: '' } } })
const port = Number(values.port)

interface Key { arn: string; privateKey?: KeyObject; publicKey?: KeyObject; secret?: KeyObject }
const keys = new Map<string, Key>()
for (const pair of values.keys!.split(',').filter(Boolean)) {
  const [name, id] = pair.split('=') as [string, string]
  const arn = `arn:aws:kms:${REGION}:000000000000:key/${id}`
  if (name === 'hmac256') keys.set(id, { arn, secret: createSecretKey(Buffer.alloc(32, 7)) })
  else if (name === 'p256') keys.set(id, { arn, ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) })
  else keys.set(id, { arn, ...generateKeyPairSync('rsa', { modulusLength: name === 'rsa4096' ? 4096 : 2048 }) })
}

interface Input { KeyId?: string; Message?: string; Signature?: string; SigningAlgorithm?: string; MacAlgorithm?: string }

/** node:crypto key input for a KMS signing algorithm (ECDSA: DER signatures, node's default). */
function keyInput(key: KeyObject, algorithm: string): KeyObject | { key: KeyObject; padding: number; saltLength: number } {
  return algorithm.startsWith('RSASSA_PSS') ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key
}

function keyOf(input: Input): Key {
  const k = keys.get(input.KeyId ?? '')
  if (!k) throw Object.assign(new Error(`unknown key ${input.KeyId}`), { name: 'NotFoundException' })
  return k
}

const OPERATIONS: FloorOperations<Input> = {
  'TrentService.Sign': (input) => {
    const k = keyOf(input)
    const algorithm = input.SigningAlgorithm ?? ''
    return { KeyId: k.arn, Signature: sign('sha256', Buffer.from(input.Message ?? '', 'base64'), keyInput(k.privateKey!, algorithm)).toString('base64'), SigningAlgorithm: algorithm }
  },
  'TrentService.Verify': (input) => {
    const k = keyOf(input)
    const algorithm = input.SigningAlgorithm ?? ''
    const valid = verify('sha256', Buffer.from(input.Message ?? '', 'base64'), keyInput(k.publicKey!, algorithm), Buffer.from(input.Signature ?? '', 'base64'))
    if (!valid) throw Object.assign(new Error('invalid signature'), { name: 'KMSInvalidSignatureException' })
    return { KeyId: k.arn, SignatureValid: true, SigningAlgorithm: algorithm }
  },
  'TrentService.GenerateMac': (input) => {
    const k = keyOf(input)
    return { Mac: createHmac('sha256', k.secret!).update(Buffer.from(input.Message ?? '', 'base64')).digest('base64'), MacAlgorithm: input.MacAlgorithm, KeyId: k.arn }
  },
}

serveFloor('floor-c', port, OPERATIONS)
