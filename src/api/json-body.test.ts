import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseJsonBody } from './json-body.js'

const parse = (text: string) => parseJsonBody(Buffer.from(text, 'utf8'))

test('well-formed bodies parse; an empty body is {}', () => {
  assert.deepEqual(parse('{"KeyId":"k","EncryptionContext":{"a":"1","b":"2"}}'), { KeyId: 'k', EncryptionContext: { a: '1', b: '2' } })
  assert.deepEqual(parseJsonBody(Buffer.alloc(0)), {})
})

test('duplicate keys are refused at any depth, also when written with escapes', () => {
  for (const body of ['{"a":1,"a":2}', '{"x":{"k":"1","k":"2"}}', '{"x":[{"k":1,"k":2}]}', '{"x":{"k":"1","\\u006b":"2"}}']) {
    assert.throws(() => parse(body), { name: 'SerializationException' }, body)
  }
})

test('the same key in different objects, and key-like text inside strings, are fine', () => {
  assert.deepEqual(parse('{"a":{"k":1},"b":{"k":2}}'), { a: { k: 1 }, b: { k: 2 } })
  assert.deepEqual(parse('{"a":"\\"a\\":","b":"\\\\","c":"x"}'), { a: '"a":', b: '\\', c: 'x' })
  assert.deepEqual(parse('[{"k":1},{"k":1}]'), [{ k: 1 }, { k: 1 }])
})

test('malformed JSON is a SerializationException', () => {
  for (const body of ['{', '{"a":}', 'nope', '{"a":1,}']) assert.throws(() => parse(body), { name: 'SerializationException' })
})
