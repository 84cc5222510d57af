/**
 * The seed file (TRENT_SEED_FILE): accounts and IAM principals with fixed credentials
 * (seed-principals-file.ts), keys with fixed ids and aliases that Trent creates at start, for
 * reproducible tests and local development. JSON (`.json`) or YAML (anything else). This module only
 * reads and checks the shape; apply-seed.ts applies it. Every error names the path of the bad value.
 */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { SeedError } from './seed-error.js'
import { checkAccounts, checkPrincipals, type SeedAccount, type SeedPrincipals } from './seed-principals-file.js'
import { list, object, policyText, string } from './seed-shape.js'
import type { KeySpec, KeyUsageType, Tag } from '../api/generated/kms-model.js'

export { SeedError }

export interface SeedKey {
  keyId: string
  keySpec: KeySpec
  keyUsage?: KeyUsageType
  description?: string
  tags?: Tag[]
  policy?: string
  /** base64 raw bytes (symmetric, HMAC) or a PEM private key (RSA, ECC); the key is then Origin EXTERNAL. */
  material?: string
  rotation?: { enabled: boolean; periodInDays?: number }
}

export interface SeedAlias { name: string; keyId: string }

export interface Seed { accounts: SeedAccount[]; principals: SeedPrincipals; keys: SeedKey[]; aliases: SeedAlias[] }

const SECTIONS = ['accounts', 'principals', 'keys', 'aliases']

const KEY_FIELDS = new Set(['keyId', 'keySpec', 'keyUsage', 'description', 'tags', 'policy', 'material', 'rotation'])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function readSeedFile(path: string): Seed {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new SeedError(`seed file ${path} cannot be read: ${(err as Error).message}`)
  }
  let doc: unknown
  try {
    doc = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true })
  } catch (err) {
    throw new SeedError(`seed file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`)
  }
  return checkSeed(doc)
}

export function checkSeed(doc: unknown): Seed {
  const root = object(doc, 'the seed file')
  for (const name of Object.keys(root)) if (!SECTIONS.includes(name)) throw new SeedError(`seed file: unknown section '${name}' (known: ${SECTIONS.join(', ')})`)
  const accounts = checkAccounts(root['accounts'])
  const principals = checkPrincipals(root['principals'])
  const keys = list(root['keys'], 'keys').map((k, i) => checkKey(k, `keys[${i}]`))
  const ids = new Set<string>()
  for (const k of keys) {
    if (ids.has(k.keyId)) throw new SeedError(`seed file: key ${k.keyId} is declared twice`)
    ids.add(k.keyId)
  }
  const aliases = list(root['aliases'], 'aliases').map((a, i) => {
    const at = `aliases[${i}]`
    const alias = object(a, at)
    return { name: string(alias['name'], `${at}.name`), keyId: string(alias['keyId'], `${at}.keyId`) }
  })
  return { accounts, principals, keys, aliases }
}

function checkKey(value: unknown, at: string): SeedKey {
  const k = object(value, at)
  for (const name of Object.keys(k)) if (!KEY_FIELDS.has(name)) throw new SeedError(`${at}: unknown field '${name}' (known: ${[...KEY_FIELDS].join(', ')})`)
  const keyId = string(k['keyId'], `${at}.keyId`)
  if (!UUID.test(keyId)) throw new SeedError(`${at}.keyId '${keyId}' must be a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab (lower case)`)
  const out: SeedKey = { keyId, keySpec: (k['keySpec'] === undefined ? 'SYMMETRIC_DEFAULT' : string(k['keySpec'], `${at}.keySpec`)) as KeySpec }
  if (k['keyUsage'] !== undefined) out.keyUsage = string(k['keyUsage'], `${at}.keyUsage`) as KeyUsageType
  if (k['description'] !== undefined) out.description = string(k['description'], `${at}.description`)
  if (k['material'] !== undefined) out.material = string(k['material'], `${at}.material`)
  if (k['tags'] !== undefined) {
    const tags = object(k['tags'], `${at}.tags`)
    out.tags = Object.entries(tags).map(([TagKey, v]) => ({ TagKey, TagValue: string(v, `${at}.tags.${TagKey}`) }))
  }
  if (k['policy'] !== undefined) {
    out.policy = policyText(k['policy'], `${at}.policy`)
  }
  if (k['rotation'] !== undefined) {
    const r = object(k['rotation'], `${at}.rotation`)
    if (typeof r['enabled'] !== 'boolean') throw new SeedError(`${at}.rotation.enabled must be true or false`)
    const period = r['periodInDays']
    if (period !== undefined && !(Number.isInteger(period) && (period as number) >= 90 && (period as number) <= 2560)) {
      throw new SeedError(`${at}.rotation.periodInDays must be an integer from 90 to 2560`)
    }
    out.rotation = { enabled: r['enabled'], ...(period !== undefined ? { periodInDays: period as number } : {}) }
  }
  return out
}
