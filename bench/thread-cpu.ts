/**
 * CPU time of a server's threads from /proc (Linux), so a run can say which thread spent what per request:
 * the event loop (the thread whose id is the process id), each thread a server named (src/thread-name.ts:
 * trent-audit, trent-checkpnt, trent-crypto, floor-journal), and the rest together (V8's platform threads,
 * which run concurrent GC and compilation, and libuv's pool).
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

export const EVENT_LOOP = 'event loop'
export const OTHER_THREADS = 'other'

const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

export interface ThreadSample { tid: number; name: string; ticks: number }

/** Each thread of `pid` with its name and its CPU clock ticks (user + system); undefined where /proc cannot be read. */
export function readThreads(pid: number): ThreadSample[] | undefined {
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${pid}/task`)
  } catch {
    return undefined
  }
  const threads: ThreadSample[] = []
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      threads.push({ tid: Number(tid), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) })
    } catch { /* the thread ended between the listing and the read */ }
  }
  return threads
}

/** Clock ticks (user + system) per thread group; undefined where /proc cannot be read. */
export function sampleThreads(pid: number): Map<string, number> | undefined {
  const threads = readThreads(pid)
  if (!threads) return undefined
  const groups = new Map<string, number>()
  for (const { tid, name, ticks } of threads) {
    const group = threadGroup(pid, tid, name)
    groups.set(group, (groups.get(group) ?? 0) + ticks)
  }
  return groups
}

/** The group a thread of process `pid` is counted in: the event loop, a thread the server named, or the rest. */
export function threadGroup(pid: number, tid: number, name: string): string {
  return tid === pid ? EVENT_LOOP : /^(trent|floor)-/.test(name) ? name : OTHER_THREADS
}

/** µs of CPU per request by thread group between two samples. */
export function cpuPerRequest(before: Map<string, number>, after: Map<string, number>, requests: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [group, ticks] of after) {
    const spent = ticks - (before.get(group) ?? 0)
    if (spent > 0 && requests > 0) out[group] = Math.round((spent / ticksPerSecond) * 1e6 / requests)
  }
  return out
}
