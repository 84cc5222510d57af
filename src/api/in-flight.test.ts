import assert from 'node:assert/strict'
import { test } from 'node:test'
import { InFlight } from './in-flight.js'

test('expire returns, oldest first, only the items at or past their deadline, and forgets them', () => {
  const list = new InFlight<string>(100)
  list.add('a', 0)
  list.add('b', 10)
  list.add('c', 20)
  assert.deepEqual(list.expire(99), [])
  assert.deepEqual(list.expire(110), ['a', 'b'])
  assert.equal(list.size, 1)
  assert.deepEqual(list.expire(110), [])
  assert.deepEqual(list.expire(1000), ['c'])
  assert.equal(list.size, 0)
})

test('remove unlinks an item from the head, the middle or the tail, and twice is harmless', () => {
  const list = new InFlight<string>(100)
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x, i) => list.add(x, i))
  list.remove(b!)
  list.remove(b!)
  assert.equal(list.size, 3)
  list.remove(a!)
  list.remove(d!)
  assert.equal(list.size, 1)
  // A removed entry keeps no link to the rest, so it cannot keep other requests alive.
  assert.equal(b!.next, undefined)
  assert.equal(b!.prev, undefined)
  assert.deepEqual(list.expire(1000), ['c'])
  // The list still works once emptied.
  const e = list.add('e', 2000)
  assert.deepEqual(list.expire(2099), [])
  list.remove(c!)
  list.remove(e)
  assert.equal(list.size, 0)
  assert.deepEqual(list.expire(5000), [])
})
