/**
 * Query protocol parameters: a form-encoded body (Action=...&Version=...&UserName=...), with lists
 * flattened as `Tags.member.1.Key`. Missing required parameters answer ValidationError in AWS's
 * "1 validation error detected" form, the member named in lower camel case as AWS does.
 */
import { ValidationError } from '../../iam/errors.js'
import type { Tag } from '../../iam/records.js'

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1)

export class QueryParams {
  private readonly values: Map<string, string>

  constructor(body: Buffer) {
    this.values = new Map(new URLSearchParams(body.toString('utf8')))
  }

  get action(): string | undefined { return this.values.get('Action') }
  get version(): string | undefined { return this.values.get('Version') }

  opt(name: string): string | undefined { return this.values.get(name) }

  req(name: string): string {
    const v = this.values.get(name)
    if (v === undefined) throw new ValidationError(`1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`)
    return v
  }

  /** An IAM name (user, role, group, policy): see checkIamName. */
  name(param: string, max = 64): string {
    return checkIamName(this.req(param), param, max)
  }

  /** An optional IAM path: see checkIamPath. */
  path(param = 'Path'): string | undefined {
    const v = this.values.get(param)
    return v === undefined ? undefined : checkIamPath(v, param)
  }

  int(name: string): number | undefined {
    const v = this.values.get(name)
    if (v === undefined) return undefined
    if (!/^-?\d+$/.test(v)) throw new ValidationError(`1 validation error detected: Value '${v}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must be a number`)
    return Number(v)
  }

  tags(name = 'Tags'): Tag[] {
    const tags: Tag[] = []
    for (let i = 1; this.values.has(`${name}.member.${i}.Key`); i++) {
      tags.push({ Key: this.values.get(`${name}.member.${i}.Key`)!, Value: this.values.get(`${name}.member.${i}.Value`) ?? '' })
    }
    return tags
  }
}

/** An IAM name (user, role, group, policy): 1..max characters of [\w+=,.@-]. Shared with the seed file, which applies IAM's rules too. */
export function checkIamName(v: string, param: string, max = 64): string {
  if (v.length < 1 || v.length > max) throw new ValidationError(`1 validation error detected: Value '${v}' at '${lowerFirst(param)}' failed to satisfy constraint: Member must have length ${v.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`)
  if (!/^[\w+=,.@-]+$/.test(v)) throw new ValidationError(`1 validation error detected: Value '${v}' at '${lowerFirst(param)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`)
  return v
}

/**
 * An IAM path: `/` or `/.../` of printable ASCII, 1..512 characters (AWS's pattern). A path that does
 * not end in `/` would let `min` under `/ad` take the ARN `user/admin`.
 */
export function checkIamPath(v: string, param = 'Path'): string {
  if (v.length < 1 || v.length > 512) throw new ValidationError(`1 validation error detected: Value '${v}' at '${lowerFirst(param)}' failed to satisfy constraint: Member must have length ${v.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 512'}`)
  if (!/^(\/|\/[\x21-\x7E]+\/)$/.test(v)) throw new ValidationError(`1 validation error detected: Value '${v}' at '${lowerFirst(param)}' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`)
  return v
}
