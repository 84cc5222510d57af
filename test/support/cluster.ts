/**
 * Several real Trent processes sharing one PostgreSQL schema (fresh per cluster, dropped on dispose) and
 * one root key file, as a multi-node deployment runs them. The first node starts alone (it creates the
 * root key file and migrates); the others start together.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dropSchemas, freshSchemaName, TEST_DATABASE_URL } from './pg.js'
import { TrentProcess } from './server.js'

export interface ClusterOptions {
  nodes: number
  /** Database URL the nodes connect to (e.g. through a TcpProxy); the test database by default. */
  url?: string
  env?: Record<string, string>
}

export class TrentCluster {
  private constructor(readonly nodes: TrentProcess[], readonly schema: string, private readonly shared: string) {}

  static async start(opts: ClusterOptions): Promise<TrentCluster> {
    const schema = freshSchemaName()
    const shared = mkdtempSync(join(tmpdir(), 'trent-cluster-'))
    const env = {
      TRENT_DATABASE_URL: opts.url ?? TEST_DATABASE_URL,
      TRENT_DATABASE_SCHEMA: schema,
      TRENT_ROOT_KEY_FILE: join(shared, 'root.key'),
      TRENT_CRYPTO_WORKERS: '0',
      ...opts.env,
    }
    const first = await TrentProcess.start({ env })
    const others = await Promise.all(Array.from({ length: opts.nodes - 1 }, () => TrentProcess.start({ env })))
    return new TrentCluster([first, ...others], schema, shared)
  }

  node(i: number): TrentProcess {
    const n = this.nodes[i]
    if (!n) throw new Error(`no node ${i}`)
    return n
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.dispose()))
    await dropSchemas([this.schema])
    rmSync(this.shared, { recursive: true, force: true })
  }
}
