/**
 * Test harness: runs a real Trent process (dist/src/cli/main.js server) on a free loopback port with its
 * own data directory, fixed root credentials and the dev clock, and hands out real AWS SDK clients.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KMSClient } from '@aws-sdk/client-kms'

export const ROOT_CREDENTIALS = { accessKeyId: 'AKIATRENTTESTROOT001', secretAccessKey: 'trent-test-secret-key-0123456789abcdefghij' }
export const ACCOUNT_ID = '000000000000'
export const REGION = 'us-east-1'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')

export interface StartOptions {
  /** Reuse a data directory (restart tests); a fresh temporary one otherwise. */
  dataDir?: string
  env?: Record<string, string>
  /** Omit the fixed root credentials so Trent generates its own. */
  generateCredentials?: boolean
}

export class TrentProcess {
  readonly logs: string[] = []
  url = ''
  /** How far the server's dev clock has been moved ahead of real time. */
  clockOffsetMs = 0
  private child: ChildProcess | undefined
  private readonly clients: KMSClient[] = []

  private constructor(readonly dataDir: string, private readonly opts: StartOptions) {}

  static async start(opts: StartOptions = {}): Promise<TrentProcess> {
    const trent = new TrentProcess(opts.dataDir ?? mkdtempSync(join(tmpdir(), 'trent-test-')), opts)
    await trent.spawn()
    return trent
  }

  /** A KMS client signed with the root credentials (or others), with its clock matched to Trent's. */
  client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = ROOT_CREDENTIALS): KMSClient {
    const client = new KMSClient({ endpoint: this.url, region: REGION, credentials, maxAttempts: 1, systemClockOffset: this.clockOffsetMs })
    this.clients.push(client)
    return client
  }

  /** Moves Trent's clock forward (dev mode) and waits for the background jobs that became due. */
  async advanceClock(seconds: number): Promise<void> {
    const res = await fetch(`${this.url}/_trent/dev/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) })
    if (res.status !== 200) throw new Error(`advancing the clock failed: ${res.status} ${await res.text()}`)
    this.clockOffsetMs += seconds * 1000
    for (const c of this.clients) c.config.systemClockOffset = this.clockOffsetMs
  }

  /** Stops the process (SIGTERM by default) and resolves with its exit code or signal. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | NodeJS.Signals | null> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? child?.signalCode ?? null
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig)))
    child.kill(signal)
    return exited
  }

  /** Stops and starts the process on the same port and data directory (the dev clock starts over). */
  async restart(): Promise<void> {
    await this.stop()
    await this.spawn(new URL(this.url).port)
  }

  /** Stops the process and removes its data directory. */
  async dispose(): Promise<void> {
    for (const c of this.clients) c.destroy()
    await this.stop()
    if (!this.opts.dataDir) rmSync(this.dataDir, { recursive: true, force: true })
  }

  private async spawn(port = '0'): Promise<void> {
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      TRENT_DATA_DIR: this.dataDir,
      TRENT_PORT: port,
      TRENT_DEV_CLOCK: '1',
      TRENT_LOG_LEVEL: 'info',
      ...(this.opts.generateCredentials ? {} : {
        TRENT_ROOT_ACCESS_KEY_ID: ROOT_CREDENTIALS.accessKeyId,
        TRENT_ROOT_SECRET_ACCESS_KEY: ROOT_CREDENTIALS.secretAccessKey,
      }),
      ...this.opts.env,
    }
    const child = spawn(process.execPath, [MAIN, 'server'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    this.clockOffsetMs = 0
    const collect = (chunk: Buffer) => this.logs.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    child.stderr!.on('data', collect)
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Trent did not start:\n${this.logs.join('\n')}`)), 15_000)
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Trent exited with ${code}:\n${this.logs.join('\n')}`)) })
      child.stdout!.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          this.logs.push(line)
          const port = /"msg":"trent listening"/.test(line) ? (JSON.parse(line) as { port: number }).port : undefined
          if (port) { clearTimeout(timer); child.removeAllListeners('exit'); resolve(`http://127.0.0.1:${port}`) }
        }
      })
    })
    for (const c of this.clients) c.config.systemClockOffset = 0
  }
}
