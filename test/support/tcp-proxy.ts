/**
 * A TCP proxy on loopback for "losing the database" tests: forwards to a target until cut(), which
 * resets every open connection and then swallows new ones silently (the worst case: a network that
 * neither answers nor refuses), until restore(). strand() leaves the open connections dead but silent
 * (the server side is gone, the client is never told), while new connections work.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

export class TcpProxy {
  private readonly sockets = new Set<Socket>()
  private readonly pairs = new Map<Socket, Socket>()
  private readonly stranded = new Set<Socket>()
  private up = true

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let proxy!: TcpProxy
    const server = createServer((client) => proxy.accept(client, targetHost, targetPort))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('proxy has no port')
    proxy = new TcpProxy(server, address.port)
    return proxy
  }

  /** Drops every open connection at once and blackholes new ones. */
  cut(): void {
    this.up = false
    for (const s of this.sockets) s.resetAndDestroy()
    this.sockets.clear()
  }

  /** The server end of every open connection goes away; the client ends hear nothing, ever. */
  strand(): void {
    for (const [client, upstream] of this.pairs) {
      this.stranded.add(client)
      client.unpipe(upstream)
      upstream.unpipe(client)
      client.resume() // whatever the client sends is swallowed
      upstream.destroy()
    }
    this.pairs.clear()
  }

  restore(): void {
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
    this.up = true
  }

  async close(): Promise<void> {
    this.cut()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: Socket, host: string, port: number): void {
    this.sockets.add(client)
    client.on('error', () => undefined)
    client.on('close', () => this.sockets.delete(client))
    if (!this.up) return // blackholed: held open, never answered
    const upstream = connect(port, host)
    this.sockets.add(upstream)
    this.pairs.set(client, upstream)
    const dropClient = () => { if (!this.stranded.has(client)) client.destroy() }
    upstream.on('error', dropClient)
    upstream.on('close', () => { this.sockets.delete(upstream); dropClient() })
    client.on('close', () => { this.pairs.delete(client); upstream.destroy() })
    client.pipe(upstream)
    upstream.pipe(client)
  }
}
