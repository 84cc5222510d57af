import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import { nameThisThread } from './thread-name.js'

test('nameThisThread names the calling thread, cut to the 15 bytes Linux keeps', { skip: !existsSync('/proc/thread-self/comm') }, () => {
  nameThisThread('trent-test-thread-name')
  assert.equal(readFileSync('/proc/thread-self/comm', 'utf8').trim(), 'trent-test-thre')
})
