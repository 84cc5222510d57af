import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SerializationException, ValidationException } from '../kms/errors.js'
import { parseInput, strictBase64 } from './validate.js'

const b64 = (n: number): string => Buffer.alloc(n, 7).toString('base64')
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab'

function rejects(fn: () => unknown, type: typeof ValidationException | typeof SerializationException, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`)
    assert.equal(err.message, message)
    return true
  })
}

test('valid Encrypt input becomes typed, with Buffers, and drops unknown members', () => {
  const input = parseInput('Encrypt', {
    KeyId: 'alias/app', Plaintext: Buffer.from('hello').toString('base64'), EncryptionContext: { purpose: 'test' },
    GrantTokens: ['t1'], EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DryRun: false, Unknown: 42, DryRunModifiers: null,
  })
  assert.deepEqual(input, {
    KeyId: 'alias/app', Plaintext: Buffer.from('hello'), EncryptionContext: { purpose: 'test' },
    GrantTokens: ['t1'], EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DryRun: false,
  })
  assert.ok(Buffer.isBuffer(input.Plaintext))
})

test('timestamps are epoch seconds and become Dates', () => {
  const input = parseInput('ImportKeyMaterial', { KeyId: KEY, ImportToken: b64(8), EncryptedKeyMaterial: b64(32), ValidTo: 1700000000.5 })
  assert.deepEqual(input.ValidTo, new Date(1700000000500))
  rejects(() => parseInput('ImportKeyMaterial', { KeyId: KEY, ImportToken: b64(8), EncryptedKeyMaterial: b64(32), ValidTo: '2024-01-01' }),
    SerializationException, "Expected a timestamp in epoch seconds at 'validTo' but found a string.")
})

test('absent or null body counts as {}', () => {
  assert.deepEqual(parseInput('ListKeys', undefined), {})
  assert.deepEqual(parseInput('ListKeys', null), {})
  rejects(() => parseInput('Encrypt', null), ValidationException,
    "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; " +
    "Value null at 'plaintext' failed to satisfy constraint: Member must not be null")
})

test('Encrypt: empty KeyId and 4097-byte plaintext report both, in model order, plaintext unshown', () => {
  rejects(() => parseInput('Encrypt', { Plaintext: b64(4097), KeyId: '' }), ValidationException,
    "2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
    "Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096")
  rejects(() => parseInput('Encrypt', { KeyId: KEY, Plaintext: '' }), ValidationException,
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1")
})

test('missing required member is "Value null"', () => {
  rejects(() => parseInput('Encrypt', { Plaintext: b64(4), KeyId: null }), ValidationException,
    "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
})

test('CreateKey KeySpec outside the enum', () => {
  rejects(() => parseInput('CreateKey', { KeySpec: 'AES_256' }), ValidationException,
    "1 validation error detected: Value 'AES_256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: " +
    '[RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, HMAC_224, ' +
    'HMAC_256, HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]')
})

test('CreateAlias AliasName pattern; an empty name fails pattern then length', () => {
  rejects(() => parseInput('CreateAlias', { AliasName: 'alias/bad name!', TargetKeyId: KEY }), ValidationException,
    "1 validation error detected: Value 'alias/bad name!' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$")
  rejects(() => parseInput('CreateAlias', { AliasName: '', TargetKeyId: KEY }), ValidationException,
    "2 validation errors detected: Value '' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$; " +
    "Value '' at 'aliasName' failed to satisfy constraint: Member must have length greater than or equal to 1")
})

test('unanchored model patterns must match the whole value (Java matches())', () => {
  assert.deepEqual(parseInput('GetKeyPolicy', { KeyId: KEY, PolicyName: 'default' }), { KeyId: KEY, PolicyName: 'default' })
  rejects(() => parseInput('GetKeyPolicy', { KeyId: KEY, PolicyName: 'default!' }), ValidationException,
    "1 validation error detected: Value 'default!' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+")
  rejects(() => parseInput('ListKeys', { Marker: 'ok\u0100' }), ValidationException,
    "1 validation error detected: Value 'ok\u0100' at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*")
})

test('\\s in a model pattern is Java\'s ASCII whitespace, not Unicode spaces', () => {
  const base = { KeyId: KEY, ImportToken: b64(8), EncryptedKeyMaterial: b64(32) }
  assert.equal(parseInput('ImportKeyMaterial', { ...base, KeyMaterialDescription: 'v1 2024' }).KeyMaterialDescription, 'v1 2024')
  rejects(() => parseInput('ImportKeyMaterial', { ...base, KeyMaterialDescription: 'v1\u00a02024' }), ValidationException,
    "1 validation error detected: Value 'v1\u00a02024' at 'keyMaterialDescription' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_\\s.-]+$")
})

test('GenerateRandom NumberOfBytes range', () => {
  rejects(() => parseInput('GenerateRandom', { NumberOfBytes: 0 }), ValidationException,
    "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1")
  rejects(() => parseInput('GenerateRandom', { NumberOfBytes: 1025 }), ValidationException,
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")
  assert.deepEqual(parseInput('GenerateRandom', { NumberOfBytes: 1024 }), { NumberOfBytes: 1024 })
})

test('GrantTokens with 11 entries is too long and is shown Java-style', () => {
  const tokens = Array.from({ length: 11 }, (_, i) => `t${i + 1}`)
  rejects(() => parseInput('Encrypt', { KeyId: KEY, Plaintext: b64(1), GrantTokens: tokens }), ValidationException,
    "1 validation error detected: Value '[t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11]' at 'grantTokens' failed to satisfy constraint: " +
    'Member must have length less than or equal to 10')
})

test('list element paths are 1-based with .member.', () => {
  rejects(() => parseInput('CreateKey', { Tags: [{ TagKey: 'ok', TagValue: 'v' }, { TagKey: '', TagValue: 'v' }, { TagKey: 'k' }] }),
    ValidationException,
    "2 validation errors detected: Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
    "Value null at 'tags.3.member.tagValue' failed to satisfy constraint: Member must not be null")
  rejects(() => parseInput('Encrypt', { KeyId: KEY, Plaintext: b64(1), GrantTokens: ['a', ''] }), ValidationException,
    "1 validation error detected: Value '' at 'grantTokens.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1")
})

test('sensitive strings are never echoed, also when nested', () => {
  rejects(() => parseInput('CreateCustomKeyStore', {
    CustomKeyStoreName: 'xks', XksProxyAuthenticationCredential: { AccessKeyId: 'ABCDEFGHIJKLMNOPQRST', RawSecretAccessKey: 'short' },
  }), ValidationException,
  "1 validation error detected: Value at 'xksProxyAuthenticationCredential.rawSecretAccessKey' failed to satisfy constraint: Member must have length greater than or equal to 43")
})

test('string length counts code points, not UTF-16 units', () => {
  const emoji = '\u{1F511}'
  assert.equal(parseInput('TagResource', { KeyId: KEY, Tags: [{ TagKey: emoji.repeat(128), TagValue: '' }] }).Tags[0]?.TagKey, emoji.repeat(128))
  rejects(() => parseInput('TagResource', { KeyId: KEY, Tags: [{ TagKey: emoji.repeat(129), TagValue: '' }] }), ValidationException,
    `1 validation error detected: Value '${emoji.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`)
})

test('type mismatches are SerializationException naming the path', () => {
  const cases: [() => unknown, string][] = [
    [() => parseInput('Encrypt', { KeyId: 5, Plaintext: b64(1) }), "Expected a string at 'keyId' but found a number."],
    [() => parseInput('Encrypt', [1]), 'Expected an object as the request body but found an array.'],
    [() => parseInput('ListKeys', 'x'), 'Expected an object as the request body but found a string.'],
    [() => parseInput('Encrypt', { KeyId: KEY, Plaintext: b64(1), GrantTokens: {} }), "Expected an array at 'grantTokens' but found an object."],
    [() => parseInput('Encrypt', { KeyId: KEY, Plaintext: b64(1), EncryptionContext: { k: 1 } }), "Expected a string at 'encryptionContext.k' but found a number."],
    [() => parseInput('Encrypt', { KeyId: KEY, Plaintext: b64(1), GrantTokens: [null] }), "Expected a string at 'grantTokens.1.member' but found null."],
    [() => parseInput('Encrypt', { KeyId: KEY, Plaintext: 12 }), "Expected a base64-encoded string at 'plaintext' but found a number."],
    [() => parseInput('Encrypt', { KeyId: KEY, Plaintext: 'a-b_' }), "Expected a base64-encoded string at 'plaintext' but found invalid base64."],
    [() => parseInput('Encrypt', { KeyId: KEY, Plaintext: 'YQ' }), "Expected a base64-encoded string at 'plaintext' but found invalid base64."],
    [() => parseInput('GenerateRandom', { NumberOfBytes: '5' }), "Expected an integer at 'numberOfBytes' but found a string."],
    [() => parseInput('GenerateRandom', { NumberOfBytes: 1.5 }), "Expected a 32-bit integer at 'numberOfBytes' but found 1.5."],
    [() => parseInput('ListKeys', { Limit: 2 ** 31 }), "Expected a 32-bit integer at 'limit' but found 2147483648."],
    [() => parseInput('Encrypt', { KeyId: KEY, Plaintext: b64(1), DryRun: 'true' }), "Expected a boolean at 'dryRun' but found a string."],
    [() => parseInput('CreateKey', { Tags: [{ TagKey: 'k', TagValue: [] }] }), "Expected a string at 'tags.1.member.tagValue' but found an array."],
  ]
  for (const [fn, message] of cases) rejects(fn, SerializationException, message)
})

test('a type mismatch wins over constraint violations found before it', () => {
  rejects(() => parseInput('Encrypt', { KeyId: '', Plaintext: 5 }), SerializationException,
    "Expected a base64-encoded string at 'plaintext' but found a number.")
})

test('a "__proto__" encryption context key stays data', () => {
  const input = parseInput('Encrypt', JSON.parse(`{"KeyId":"${KEY}","Plaintext":"YQ==","EncryptionContext":{"__proto__":"x","a":"b"}}`))
  const ctx = input.EncryptionContext ?? {}
  assert.deepEqual(Object.keys(ctx), ['__proto__', 'a'])
  assert.equal(Object.getPrototypeOf(ctx), Object.prototype)
  assert.deepEqual(input.Plaintext, Buffer.from('a'))
})

test('strictBase64 accepts exactly what /^[A-Za-z0-9+/]*={0,2}$/ with a length multiple of 4 accepts, and decodes it', () => {
  const strict = /^[A-Za-z0-9+/]*={0,2}$/
  let checked = 0
  const every = (chars: readonly string[], prefix: string, left: number): void => {
    if (left === 0) {
      const expected = prefix.length % 4 === 0 && strict.test(prefix)
      assert.equal(strictBase64(prefix) !== undefined, expected, JSON.stringify(prefix))
      checked++
      return
    }
    for (const c of chars) every(chars, prefix + c, left - 1)
  }
  // Letters, digits, both extra symbols, padding, the URL-safe pair, a space, a dot, a non-Latin-1 character;
  // fewer for length 8, where every position of a misplaced '=' or foreign character still occurs.
  every(['A', 'z', '9', '+', '/', '=', '-', '_', ' ', '.', '€'], '', 4)
  every(['A', '/', '=', '-', ' ', '€'], '', 8)
  assert.equal(checked, 11 ** 4 + 6 ** 8)
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253])
  assert.deepEqual(strictBase64(bytes.toString('base64')), bytes)
  assert.deepEqual(strictBase64(''), Buffer.alloc(0))
})
