/**
 * The request context a policy is evaluated against: condition keys and their values. Keys are
 * case-insensitive in IAM (including the `<context-key>` part of `kms:EncryptionContext:<context-key>`),
 * so they are stored lower-cased; values keep their case. Every key holds a list: single-valued keys
 * hold one value, multi-valued keys (`kms:EncryptionContextKeys`, `aws:TagKeys`, ...) may hold zero.
 */
/** Adds one key to a context being built. */
export type PutKey = (key: string, value: string | readonly string[] | undefined) => void

export class ConditionContext {
  private built: Map<string, readonly string[]> | undefined
  private fill: ((put: PutKey) => void) | undefined

  private constructor(values: Map<string, readonly string[]> | undefined, fill?: (put: PutKey) => void) {
    this.built = values
    this.fill = fill
  }

  /** Builds a context; a value of `undefined` means the key is absent from the request. */
  static of(entries: Record<string, string | readonly string[] | undefined>): ConditionContext {
    return ConditionContext.build((put) => {
      for (const [key, value] of Object.entries(entries)) put(key, value)
    })
  }

  /**
   * A context filled by a function that puts keys one by one (the request path's form: no
   * intermediate objects). A later put of the same key wins; `undefined` puts nothing. The function
   * runs on the first read, not here: most requests are decided by statements without conditions or
   * policy variables, and then the context is never read (`fill` must therefore only read facts fixed
   * when it was made).
   */
  static build(fill: (put: PutKey) => void): ConditionContext {
    return new ConditionContext(undefined, fill)
  }

  /** The values of a key, or undefined when the request does not carry it. */
  get(key: string): readonly string[] | undefined {
    return this.values.get(key.toLowerCase())
  }

  /** The single value a policy variable resolves to; multi-valued keys never resolve (AWS rule). */
  variable(key: string): string | undefined {
    const v = this.values.get(key.toLowerCase())
    return v !== undefined && v.length === 1 ? v[0] : undefined
  }

  /** A copy with more keys; used to add what only the caller knows (e.g. kms:ViaService). */
  with(entries: Record<string, string | readonly string[] | undefined>): ConditionContext {
    const extra = ConditionContext.of(entries)
    return new ConditionContext(new Map([...this.values, ...extra.values]))
  }

  /** Every key and its values, lower-cased keys; for logs and tests. */
  entries(): [string, readonly string[]][] {
    return [...this.values.entries()]
  }

  private get values(): Map<string, readonly string[]> {
    if (this.built) return this.built
    const map = new Map<string, readonly string[]>()
    this.fill?.((key, value) => {
      if (value !== undefined) map.set(key.toLowerCase(), typeof value === 'string' ? [value] : value)
    })
    this.built = map
    this.fill = undefined
    return map
  }
}
