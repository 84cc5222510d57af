/** Shape checks shared by the seed file's sections; every error names the path of the bad value. */
import { SeedError } from './seed-error.js'

export function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SeedError(`${at} must be a mapping`)
  return value as Record<string, unknown>
}

export function list(value: unknown, at: string): unknown[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new SeedError(`${at} must be a list`)
  return value
}

export function string(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new SeedError(`${at} must be a string`)
  return value
}

/** Rejects fields the section does not know, so a typo is an error rather than silently ignored. */
export function known(value: Record<string, unknown>, fields: readonly string[], at: string): void {
  for (const name of Object.keys(value)) if (!fields.includes(name)) throw new SeedError(`${at}: unknown field '${name}' (known: ${fields.join(', ')})`)
}

/** A policy may be written as a document (a mapping) or as the JSON text itself. */
export function policyText(value: unknown, at: string): string {
  return typeof value === 'string' ? value : JSON.stringify(object(value, at))
}
