/**
 * The PostgreSQL store, for several Trent nodes sharing one database. Two bounded pools (transactions
 * and committed reads, kept apart so a transaction body that also reads can never starve the pool it
 * holds), every wait bounded by `timeoutMs` (connect, statement on the server, query on the client), a
 * change feed over LISTEN/NOTIFY, and leases as session advisory locks (freed if their node dies).
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { ChangeListeners } from '../change-feed.js'
import { extendChain } from '../../audit/chain.js'
import type { UnchainedEntry } from '../../audit/entry.js'
import type { Storage, StorageCounters, StoreChange, StoreReader, StoreTx } from '../types.js'
import { ChangeListener, type NoticeEnvelope } from './change-listener.js'
import { isConnectionBroken, mapPgError } from './pg-errors.js'
import { PgReader, PgTx, type Query } from './pg-tx.js'
import { migrate } from './migrate.js'
import { SQL } from './sql.js'

export interface PgOptions {
  url: string
  /** Schema holding Trent's tables (created if missing); nodes of one deployment share it. */
  schema?: string
  /** Bound on every wait for the database: connecting, one statement, one round trip. */
  timeoutMs?: number
  /** Connections per pool (there are two). */
  poolSize?: number
  /** Told of background connection failures (idle pool clients, the listener). */
  onError?: (err: Error) => void
  /** How often the change listener checks that its connection still answers (default 5 s). */
  heartbeatMs?: number
}

export const DEFAULT_PG_TIMEOUT_MS = 5000

export class PgStorage implements Storage {
  readonly read: StoreReader
  readonly counters: StorageCounters = { commits: 0, auditRecords: 0 }

  private constructor(
    private readonly writePool: pg.Pool,
    private readonly readPool: pg.Pool,
    private readonly listener: ChangeListener,
    private readonly listeners: ChangeListeners,
    /** This store's id in the notices it sends, so its own listener can skip them. */
    private readonly origin: string,
    private readonly channel: string,
    private readonly schema: string,
    private readonly onError: (err: Error) => void,
  ) {
    this.read = new PgReader(queryOn(readPool))
  }

  /** Connects, applies pending migrations (safe when several nodes start at once) and starts listening. */
  static async open(opts: PgOptions): Promise<PgStorage> {
    const schema = opts.schema ?? 'public'
    if (!/^[a-z_][a-z0-9_]{0,47}$/.test(schema)) throw new Error(`schema name '${schema}' must be a lower-case identifier`)
    const timeoutMs = opts.timeoutMs ?? DEFAULT_PG_TIMEOUT_MS
    const onError = opts.onError ?? (() => undefined)
    const config: pg.PoolConfig = {
      connectionString: opts.url,
      options: `-c search_path=${schema}`,
      application_name: 'trent',
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs,
      idle_in_transaction_session_timeout: timeoutMs * 2,
      keepAlive: true,
      max: opts.poolSize ?? 8,
    }
    const writePool = new pg.Pool(config)
    const readPool = new pg.Pool(config)
    // An idle pooled connection that dies emits 'error'; unheard, it would end the process.
    writePool.on('error', onError)
    readPool.on('error', onError)
    // NOTIFY channels are database-wide: one per schema keeps deployments sharing a database apart.
    const channel = `trent_changes_${schema}`
    const [origin, listeners] = [randomUUID(), new ChangeListeners()]
    const listener = new ChangeListener(config, channel, origin, listeners, onError, opts.heartbeatMs ?? 5000)
    try {
      await migrate(writePool, schema)
      await listener.start()
    } catch (err) {
      await listener.close()
      await Promise.all([writePool.end(), readPool.end()])
      throw mapPgError(err)
    }
    return new PgStorage(writePool, readPool, listener, listeners, origin, channel, schema, onError)
  }

  /** Concurrent appends would each be a transaction of their own, contending for the head row: AuditLog batches for us. */
  readonly groupsAuditAppends = false

  /**
   * Group commit: one transaction on the write pool per batch. The head is locked inside it (PgTx), so
   * the batch continues the chain as it stands, whichever node wrote last. No worker thread is needed:
   * the commit's flush happens in the PostgreSQL server, not on this event loop.
   */
  async appendAuditRecords(entries: readonly UnchainedEntry[]): Promise<void> {
    await this.transaction(async (tx) => tx.appendAudit(extendChain(await tx.auditHead(), entries)))
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const { client, release } = await this.checkout()
    let broken = false
    const q = queryOn(client)
    try {
      await q('BEGIN', [])
      const tx = new PgTx(q, this.counters)
      const result = await fn(tx)
      const changes = tx.changes.take()
      // NOTIFY is transactional: other nodes hear of the changes only if and when COMMIT succeeds.
      for (const change of changes) await q(SQL.notify, [this.channel, JSON.stringify({ origin: this.origin, change } satisfies NoticeEnvelope)])
      await q('COMMIT', [])
      this.counters.commits++
      for (const change of changes) this.listeners.emit(change)
      return result
    } catch (err) {
      broken = isConnectionBroken(err)
      if (!broken) await q('ROLLBACK', []).catch(() => { broken = true })
      throw err
    } finally {
      release(broken)
    }
  }

  /**
   * A connection of the write pool for one transaction or lease. While it is checked out the pool does
   * not listen to it, and a connection that dies between two statements (a lease held while a job runs)
   * emits 'error': unheard, that would end the process, so it is heard here until release.
   */
  private async checkout(): Promise<{ client: pg.PoolClient; release: (broken: boolean) => void }> {
    const client = await this.writePool.connect().catch((err: unknown) => { throw mapPgError(err) })
    let lost = false
    const onLost = (err: Error) => { lost = true; this.onError(err) }
    client.on('error', onLost)
    return {
      client,
      release: (broken) => {
        client.off('error', onLost)
        client.release(broken || lost)
      },
    }
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    return this.listeners.add(listener)
  }

  async withLease<T>(name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const lock = `trent:${this.schema}:lease:${name}`
    const { client, release } = await this.checkout()
    const q = queryOn(client)
    let broken = false
    try {
      const { rows } = await q<{ held: boolean }>(SQL.tryLease, [lock])
      if (!rows[0]?.held) return { ran: false }
      try {
        return { ran: true, value: await fn() }
      } finally {
        // If this fails the connection is destroyed below, which frees the lock just the same.
        await q(SQL.releaseLease, [lock]).catch(() => { broken = true })
      }
    } catch (err) {
      broken ||= isConnectionBroken(err)
      throw err
    } finally {
      release(broken)
    }
  }

  async close(): Promise<void> {
    await this.listener.close()
    await Promise.all([this.writePool.end(), this.readPool.end()])
  }
}

interface Queryable { query(text: string, values: unknown[]): Promise<pg.QueryResult> }

/** A Query over a pool (each statement on any free connection) or over one transaction's connection. */
function queryOn(target: Queryable): Query {
  return async <R>(sql: string, params: readonly unknown[]) => {
    try {
      const res = await target.query(sql, [...params])
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 }
    } catch (err) {
      throw mapPgError(err)
    }
  }
}
