/** Test support: run the `openssl` command line in a temporary directory, for interoperability tests. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface OpensslDir {
  readonly dir: string
  /** Writes `files` (name -> bytes) into the directory. */
  write(files: Record<string, Buffer | string>): void
  read(name: string): Buffer
  /** Runs openssl in the directory; `ok` is its exit status 0, `out` its stdout. */
  run(...args: string[]): { ok: boolean; out: Buffer; err: string }
}

/** Runs `body` with a fresh temporary directory, removed afterwards. */
export function withOpenssl<T>(body: (o: OpensslDir) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'trent-openssl-'))
  const o: OpensslDir = {
    dir,
    write: (files) => { for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data) },
    read: (name) => readFileSync(join(dir, name)),
    run: (...args) => {
      const r = spawnSync('openssl', args, { cwd: dir })
      return { ok: r.status === 0, out: r.stdout, err: r.stderr.toString() }
    },
  }
  try {
    return body(o)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
