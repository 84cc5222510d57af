/**
 * canonicalJson (canonical.ts) without copying what is already canonical: an object whose own keys are
 * already in sorted order (and whose members are already canonical) is handed to JSON.stringify as it
 * is, instead of being rebuilt key by key. Records are built with their keys in sorted order
 * (request-audit.ts), so most of a record is never copied; the copies were a large share of the audit
 * trail's garbage. Must stay byte-identical to canonicalJson, which verifiers use to re-hash stored
 * records (canonical-writer.test.ts compares the two on varied records). Reusing an object is
 * byte-identical when:
 * - its prototype is Object.prototype or null: anything else (a Date, a Buffer) may have a toJSON that
 *   sortKeys' plain copy would not have, so it is copied as canonicalJson does;
 * - Object.keys is already in sorted order: then the copy (keys inserted in sorted order) enumerates
 *   array-index keys and the other keys exactly as the original does;
 * - it has no own "__proto__" key, which the copy drops (assigning it sets the prototype).
 * Undefined, function and symbol members need no copy: JSON.stringify skips them either way.
 */
export function canonicalText(value: unknown): string {
  return JSON.stringify(canonicalForm(value))
}

function canonicalForm(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return arrayForm(value)
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
  const proto: unknown = Object.getPrototypeOf(obj)
  if (proto !== Object.prototype && proto !== null) return sortedCopy(obj, keys)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    if ((i && keys[i - 1]! > k) || k === '__proto__') return sortedCopy(obj, keys)
    const v = obj[k]
    const form = canonicalForm(v)
    // A member changed: copy, reusing the forms already computed so no subtree is canonicalized twice.
    if (form !== v) return sortedCopy(obj, keys, i, form)
  }
  return obj
}

function arrayForm(items: unknown[]): unknown[] {
  for (let i = 0; i < items.length; i++) {
    const v = items[i]
    if (canonicalForm(v) !== v) return items.map(canonicalForm)
  }
  return items
}

/**
 * canonical.ts's sortKeys for one object; `keys[known]`'s form is `knownForm` when the caller already
 * computed it (keys before it were unchanged, so their form is their value).
 */
function sortedCopy(obj: Record<string, unknown>, keys: string[], known = -1, knownForm?: unknown): Record<string, unknown> {
  const forms = new Map<string, unknown>()
  for (let i = 0; i <= known; i++) forms.set(keys[i]!, i === known ? knownForm : obj[keys[i]!])
  const out: Record<string, unknown> = {}
  for (const k of keys.sort()) {
    const v = obj[k]
    if (v !== undefined) out[k] = forms.has(k) ? forms.get(k) : canonicalForm(v)
  }
  return out
}
