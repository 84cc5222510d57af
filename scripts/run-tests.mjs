// Runs every compiled test file (dist/**/*.test.js) with node's test runner. Node 20's runner takes no
// globs, so the files are listed here. Extra arguments are passed to `node --test`.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : [])
}

const files = [...find('dist/src'), ...find('dist/test')].sort()
const filter = process.env.TEST_FILTER
const selected = filter ? files.filter((f) => f.includes(filter)) : files
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...selected], { stdio: 'inherit' })
process.exit(result.status ?? 1)
