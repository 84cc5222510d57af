/** For tests: the names of this process's threads (Linux /proc); empty elsewhere. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'

export const canReadThreadNames = existsSync('/proc/self/task')

export function threadNames(): string[] {
  if (!canReadThreadNames) return []
  return readdirSync('/proc/self/task').map((tid) => {
    try { return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() } catch { return '' }
  })
}
