/**
 * The requests still being processed, oldest first, so that one sweep a second can answer those past
 * their deadline. Every request gets the same time limit, so adding at the tail keeps the list in
 * deadline order and the sweep stops at the first entry still in time.
 *
 * A doubly linked list, not a Map, for the garbage collector's sake. A Map that gains and loses an entry
 * per request outgrows its table every few dozen requests; V8 keeps each outgrown table, with the
 * entries it held, linked to its successor until a full collection. Once one such table had reached the
 * old generation, the chain kept every in-flight request's objects alive through the next young-generation
 * collection, so they were promoted too: ~1 MB per scavenge under Encrypt load, against ~50 KB with this
 * list (bench/RESULTS.md, "Requests promoted by a Map"). A removed entry drops its links, so a stale
 * entry keeps nothing else alive.
 */

export interface InFlightEntry<T> {
  readonly item: T
  readonly deadline: number
  prev: InFlightEntry<T> | undefined
  next: InFlightEntry<T> | undefined
  /** False once removed, so a second remove is harmless. */
  linked: boolean
}

export class InFlight<T> {
  private head: InFlightEntry<T> | undefined
  private tail: InFlightEntry<T> | undefined
  private count = 0

  constructor(private readonly timeLimit: number) {}

  get size(): number { return this.count }

  /** Adds `item` with the deadline `now + timeLimit`; the returned entry is what remove() takes. */
  add(item: T, now: number): InFlightEntry<T> {
    const entry: InFlightEntry<T> = { item, deadline: now + this.timeLimit, prev: this.tail, next: undefined, linked: true }
    if (this.tail) this.tail.next = entry
    else this.head = entry
    this.tail = entry
    this.count++
    return entry
  }

  remove(entry: InFlightEntry<T>): void {
    if (!entry.linked) return
    if (entry.prev) entry.prev.next = entry.next
    else this.head = entry.next
    if (entry.next) entry.next.prev = entry.prev
    else this.tail = entry.prev
    entry.prev = entry.next = undefined
    entry.linked = false
    this.count--
  }

  /** Removes and returns, oldest first, every item whose deadline is at or before `now`. */
  expire(now: number): T[] {
    const expired: T[] = []
    while (this.head && this.head.deadline <= now) {
      expired.push(this.head.item)
      this.remove(this.head)
    }
    return expired
  }
}
