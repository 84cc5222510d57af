/** A temporary directory for seed-file tests: seed files written into it, and one Trent data dir under it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TrentProcess } from './server.js'

export class SeedWorkspace {
  readonly dir: string
  readonly dataDir: string

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix))
    this.dataDir = join(this.dir, 'data')
  }

  /** Writes a seed file into the workspace and answers its path. */
  write(name: string, text: string): string {
    const path = join(this.dir, name)
    writeFileSync(path, text)
    return path
  }

  /** Starts Trent on the workspace's data dir (or another) with `seedFile` as TRENT_SEED_FILE. */
  start(seedFile: string, dataDir = this.dataDir): Promise<TrentProcess> {
    return TrentProcess.start({ dataDir, env: { TRENT_SEED_FILE: seedFile } })
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
