/**
 * The cross-node half of the change feed: one dedicated connection LISTENs on the store's channel and
 * hands each other node's notice to the listeners. If the connection drops, it reconnects with backoff
 * (capped at 2 s); notices sent meanwhile are lost, which is why readers keep a short cache lifetime
 * (TRENT_KEY_CACHE_MS) as the backstop bound. A network that drops packets without resetting the
 * connection would leave the listener deaf until TCP keepalive noticed, so it also pings every few seconds.
 */
import pg from 'pg'
import { asChange, type ChangeListeners } from '../change-feed.js'

export interface NoticeEnvelope { origin: string; change: unknown }

export class ChangeListener {
  private client: pg.Client | undefined
  private closed = false
  private retryMs = 100
  private timer: NodeJS.Timeout | undefined
  private heartbeat: NodeJS.Timeout | undefined

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    /** This node's id: its own notices are skipped, since it announced them locally at commit. */
    private readonly origin: string,
    private readonly listeners: ChangeListeners,
    private readonly onError: (err: Error) => void,
    private readonly heartbeatMs: number,
  ) {}

  /** Connects once; a first failure is reported to the caller (the store cannot start without its database). */
  async start(): Promise<void> {
    await this.connect()
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    clearInterval(this.heartbeat)
    await this.client?.end().catch(() => undefined)
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config)
    client.on('notification', (msg) => this.deliver(msg.payload))
    client.on('error', (err) => { this.onError(err); this.reconnect(client) })
    client.on('end', () => this.reconnect(client))
    this.client = client
    await client.connect()
    await client.query(`LISTEN ${this.channel}`)
    this.retryMs = 100
    clearInterval(this.heartbeat)
    // The query times out (query_timeout) on a silent network; the failure starts a reconnect.
    this.heartbeat = setInterval(() => { client.query('SELECT 1').catch(() => this.reconnect(client)) }, this.heartbeatMs)
    this.heartbeat.unref()
  }

  private reconnect(client: pg.Client): void {
    if (this.closed || this.client !== client || this.timer) return
    this.client = undefined
    clearInterval(this.heartbeat)
    client.end().catch(() => undefined)
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (this.closed) return
      this.connect().catch((err: Error) => {
        this.onError(err)
        this.retryMs = Math.min(this.retryMs * 2, 2000)
        if (this.client) this.reconnect(this.client)
      })
    }, this.retryMs)
    this.timer.unref()
  }

  private deliver(payload: string | undefined): void {
    try {
      const envelope = JSON.parse(payload ?? '') as NoticeEnvelope
      if (envelope.origin === this.origin) return
      const change = asChange(envelope.change)
      if (change) this.listeners.emit(change)
    } catch { /* a notice from another version or tool: not ours to act on */ }
  }
}
