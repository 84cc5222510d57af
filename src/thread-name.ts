/**
 * Names the calling thread so `top -H` and `ps -L` tell Trent's threads apart (the bench reads the names
 * too). Linux only (/proc/thread-self/comm holds at most 15 bytes); elsewhere it does nothing.
 */
import { writeFileSync } from 'node:fs'

export function nameThisThread(name: string): void {
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15))
  } catch { /* not Linux, or not permitted: the thread keeps its inherited name */ }
}
