/**
 * XML for the AWS Query protocol (IAM, STS): `<Action>Response` wrapping `<Action>Result` and
 * ResponseMetadata, lists as `<member>` elements, timestamps in ISO 8601, and error documents.
 */
export type XmlValue = string | number | boolean | Date | readonly XmlValue[] | XmlObject | undefined
export interface XmlObject { readonly [name: string]: XmlValue }

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/** Seconds precision as AWS sends (e.g. 2026-11-28T23:30:00Z). */
export const isoSeconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000)

function content(value: XmlValue): string {
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z')
  if (Array.isArray(value)) return value.map((v) => `<member>${content(v)}</member>`).join('')
  if (typeof value === 'object') return elements(value as XmlObject)
  return escapeXml(String(value))
}

/** Members in insertion order; undefined members are left out. */
export function elements(obj: XmlObject): string {
  let out = ''
  for (const [name, value] of Object.entries(obj)) if (value !== undefined) out += `<${name}>${content(value)}</${name}>`
  return out
}

export function responseXml(action: string, xmlns: string, result: XmlObject | undefined, requestId: string): string {
  const body = result === undefined ? '' : `<${action}Result>${elements(result)}</${action}Result>`
  return `<${action}Response xmlns="${xmlns}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
}

export function errorXml(xmlns: string, type: 'Sender' | 'Receiver', code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
}
