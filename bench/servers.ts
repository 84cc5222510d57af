/**
 * Starting and stopping the servers under test as separate processes, pinned to core 0 (the load
 * generators take core 1). Each is ready once it answers HTTP on its port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CREDENTIALS, REGION } from './constants.js'
import { sendRaw } from './raw-http.js'

export const SERVER_CORE = 0
export const LOAD_CORE = 1

/** Whether processes can be pinned: taskset present and at least two cores. */
export const canPin = spawnSync('taskset', ['--version']).status === 0 && availableParallelism() >= 2

/** Set once from --nice: a negative niceness (root only) shields runs from other work on a shared machine. */
export const placement = { nice: 0 }

/**
 * A command every server is started under (`--only instructions`: valgrind), and how long a server so
 * started may take to answer its first request.
 */
export const wrapper: { prefix: string[]; readyMs: number } = { prefix: [], readyMs: 20_000 }

/** argv prefixed with `taskset -c core` when pinning is possible, and with `nice -n N` when asked. */
export function pinned(core: number | string, argv: readonly string[]): [string, string[]] {
  const niced = placement.nice ? ['nice', '-n', String(placement.nice), ...argv] : [...argv]
  const full = canPin ? ['taskset', '-c', String(core), ...niced] : niced
  return [full[0]!, full.slice(1)]
}

export interface ServerHandle {
  name: string
  port: number
  pid: number
  /** The command line that started it (for the report). */
  command: string
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

export interface TrentOptions {
  root: string; dataDir: string; logLevel: string; logFile: string; nodeArgs?: string[]
  /** CPU list for taskset (default SERVER_CORE), e.g. '0,1' to give Trent both cores. */
  cores?: string
  /** Extra settings (the PostgreSQL phase: TRENT_DATABASE_URL, TRENT_DATABASE_SCHEMA, TRENT_ROOT_KEY_FILE). */
  env?: Record<string, string>
}

export async function startTrent(opts: TrentOptions): Promise<ServerHandle> {
  const port = await freePort()
  const env = {
    ...process.env, TRENT_DATA_DIR: opts.dataDir, TRENT_PORT: String(port), TRENT_REGION: REGION,
    TRENT_ROOT_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, TRENT_ROOT_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    TRENT_LOG_LEVEL: opts.logLevel, TRENT_DEBUG_COUNTERS: '1', ...opts.env,
  }
  const argv = [process.execPath, ...(opts.nodeArgs ?? []), join(opts.root, 'dist/src/cli/main.js'), 'server']
  const extra = Object.keys(opts.env ?? {}).map((k) => `${k}=… `).join('')
  const shown = `${extra}TRENT_DATA_DIR=<tmp> TRENT_PORT=${port} TRENT_ROOT_ACCESS_KEY_ID=… TRENT_ROOT_SECRET_ACCESS_KEY=… TRENT_LOG_LEVEL=${opts.logLevel} TRENT_DEBUG_COUNTERS=1 ` +
    `${pinned(opts.cores ?? SERVER_CORE, ['node', ...(opts.nodeArgs ?? []), 'dist/src/cli/main.js', 'server']).flat().join(' ')}`
  return launch('Trent', port, argv, env, opts.logFile, shown, opts.cores ?? SERVER_CORE)
}

export async function startFloor(root: string, name: 'floor-a' | 'floor-b' | 'floor-c' | 'floor-d', args: string[], logFile: string, nodeArgs: string[] = []): Promise<ServerHandle> {
  const port = await freePort()
  const script = `dist/bench/${name}.js`
  const argv = [process.execPath, ...nodeArgs, join(root, script), '--port', String(port), ...args]
  const shown = pinned(SERVER_CORE, ['node', ...nodeArgs, script, '--port', String(port), ...args]).flat().join(' ')
  return launch(`Floor ${name.slice(-1).toUpperCase()}`, port, argv, process.env, logFile, shown)
}

async function launch(name: string, port: number, argv: string[], env: NodeJS.ProcessEnv, logFile: string, command: string, cores: number | string = SERVER_CORE): Promise<ServerHandle> {
  const log = openSync(logFile, 'a')
  const [cmd, args] = pinned(cores, [...wrapper.prefix, ...argv])
  const child = spawn(cmd, args, { env, stdio: ['ignore', log, log] })
  closeSync(log)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await waitReady(name, port, child, logFile)
  return {
    name, port, command, pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)])
      if (code === 'timeout') { child.kill('SIGKILL'); await exited }
    },
  }
}

async function waitReady(name: string, port: number, child: ChildProcess, logFile: string): Promise<void> {
  const probe = Buffer.from(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
  const deadline = Date.now() + wrapper.readyMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`)
    try {
      await sendRaw(port, probe)
      return
    } catch {
      await sleep(50)
    }
  }
  child.kill('SIGKILL')
  throw new Error(`${name} did not answer on port ${port} within ${wrapper.readyMs / 1000} s`)
}
