/**
 * Other work on the machine (tests, builds) skews a benchmark. Before each measured run the bench
 * waits, within a budget, for the machine to be quiet; during the run it measures how much CPU went
 * to processes other than the bench ("foreign" load), so a noisy row is visible.
 * Linux only (/proc); elsewhere it reports nothing.
 */
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

interface CoreTimes { busy: number; total: number }

function coreTimes(core: number): CoreTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `))
    if (!line) return undefined
    const f = line.trim().split(/\s+/).slice(1).map(Number)
    // user + nice + system + steal; irq/softirq left out, as loopback networking of the server's own
    // traffic is charged there rather than to the server process
    const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[7] ?? 0)
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0)
    return { busy, total }
  } catch {
    return undefined
  }
}

/** CPU ticks of a process: utime + stime, plus cutime + cstime (reaped children) when asked. */
function processTicks(pid: number, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
    return f[11]! + f[12]! + (withChildren ? f[13]! + f[14]! : 0)
  } catch {
    return 0
  }
}

/** Busy share of the given cores over `ms`. */
async function busyShare(cores: number[], ms: number): Promise<number | undefined> {
  const before = cores.map(coreTimes)
  await sleep(ms)
  const after = cores.map(coreTimes)
  let busy = 0
  let total = 0
  for (let i = 0; i < cores.length; i++) {
    const a = before[i]
    const b = after[i]
    if (!a || !b) return undefined
    busy += b.busy - a.busy
    total += b.total - a.total
  }
  return total > 0 ? busy / total : undefined
}

/**
 * Waiting for a quiet machine, within a budget for the whole bench: on a machine that stays busy the
 * bench stops waiting (and stops repeating noisy runs) once the budget is spent, and reports the noise.
 */
export class QuietGate {
  private remainingMs: number

  constructor(budgetMs: number, private readonly progress: (line: string) => void) {
    this.remainingMs = budgetMs
  }

  /** Whether there is budget left for repeating a noisy run. */
  get canRepeat(): boolean {
    return this.remainingMs > 0
  }

  /** Waits up to `maxMs` (and the remaining budget) for both cores to be under 10% busy; answers the last share seen. */
  async wait(maxMs: number): Promise<number | undefined> {
    const started = Date.now()
    const deadline = started + Math.min(maxMs, this.remainingMs)
    let share = await busyShare([0, 1], 300)
    if (share !== undefined && share >= 0.1 && Date.now() < deadline) {
      this.progress(`    machine busy (${Math.round(share * 100)}% of both cores used by other processes); waiting up to ${Math.round((deadline - Date.now()) / 1000)} s`)
      while (Date.now() < deadline && share !== undefined && share >= 0.1) share = await busyShare([0, 1], 500)
      if (share !== undefined && share >= 0.1) this.progress(`    still busy (${Math.round(share * 100)}%); measuring anyway, see the noise column`)
    }
    this.remainingMs -= Date.now() - started
    return share
  }

  /** Charges the time of a repeated run to the budget. */
  charge(ms: number): void {
    this.remainingMs -= ms
  }
}

/**
 * Measures, over a run, the CPU used on both cores by anything other than the bench itself: the
 * server process, this orchestrator, and the load generators it has run and reaped (their time is in
 * its cutime/cstime once they exit, so stop() must come after the generator has exited).
 */
export class ForeignLoad {
  private readonly cores0: (CoreTimes | undefined)[]
  private readonly ours0: number

  constructor(private readonly cores: number[], private readonly serverPid: number) {
    this.cores0 = cores.map(coreTimes)
    this.ours0 = this.ours()
  }

  private ours(): number {
    return processTicks(this.serverPid) + processTicks(process.pid, true)
  }

  /** Foreign CPU since construction, as a share of one core (0..cores). */
  stop(): number | undefined {
    let busy = 0
    let total = 0
    for (let i = 0; i < this.cores.length; i++) {
      const a = this.cores0[i]
      const b = coreTimes(this.cores[i]!)
      if (!a || !b) return undefined
      busy += b.busy - a.busy
      total += b.total - a.total
    }
    const perCore = total / this.cores.length
    return perCore > 0 ? Math.max(0, (busy - (this.ours() - this.ours0)) / perCore) : undefined
  }
}
