/**
 * CloudTrail's LookupEvents over the audit trail (botocore cloudtrail 2013-11-01 model): one lookup
 * attribute, a time range (default: the last 90 days, CloudTrail's retention for LookupEvents), at most 50
 * events a page, newest first, each with its full record as the CloudTrailEvent string. Exception names
 * are the model's; their messages are Trent's wording (AWS's exact texts were not found).
 * Scope: as in AWS, a caller sees only its own account's trail (records whose recipientAccountId is the
 * caller's account); the store query always carries the account, and a NextToken is bound to it.
 */
import { authorizeWithoutKey } from '../kms/authz/authorize.js'
import { createHash } from 'node:crypto'
import type { AuditAttribute, AuditEntry } from '../audit/entry.js'
import type { Caller, KmsContext } from '../kms/context.js'
import {
  InvalidEventCategoryException, InvalidLookupAttributesException, InvalidMaxResultsException, InvalidNextTokenException,
  InvalidTimeRangeException, SerializationException,
} from '../kms/errors.js'

const ATTRIBUTES: readonly AuditAttribute[] = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']
const MAX_RESULTS = 50
const RETENTION_MS = 90 * 24 * 60 * 60 * 1000

export interface LookupEventsInput {
  attribute?: { name: AuditAttribute; value: string }
  startTime?: number
  endTime?: number
  maxResults: number
  nextToken?: string
  /** As CloudTrail would record this call's requestParameters. */
  requestParameters: Record<string, unknown> | null
}

export function parseLookupEvents(body: unknown): LookupEventsInput {
  const b = (body ?? {}) as Record<string, unknown>
  const attrs = b.LookupAttributes
  if (attrs !== undefined && !Array.isArray(attrs)) throw new SerializationException('LookupAttributes must be a list.')
  if (attrs && attrs.length > 1) throw new InvalidLookupAttributesException('You can specify only one lookup attribute.')
  let attribute: LookupEventsInput['attribute']
  if (attrs?.length) {
    const { AttributeKey: name, AttributeValue: value } = (attrs[0] ?? {}) as Record<string, unknown>
    if (typeof name !== 'string' || !(ATTRIBUTES as readonly string[]).includes(name)) {
      throw new InvalidLookupAttributesException(`AttributeKey must be one of ${ATTRIBUTES.join(', ')}.`)
    }
    if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
      throw new InvalidLookupAttributesException('AttributeValue must be 1 to 2000 characters long.')
    }
    attribute = { name: name as AuditAttribute, value }
  }
  const startTime = time(b.StartTime, 'StartTime')
  const endTime = time(b.EndTime, 'EndTime')
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new InvalidTimeRangeException('The start time occurs after the end time.')
  }
  if (b.EventCategory !== undefined && b.EventCategory !== 'insight') throw new InvalidEventCategoryException('EventCategory must be insight.')
  const maxResults = b.MaxResults ?? MAX_RESULTS
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    throw new InvalidMaxResultsException(`MaxResults must be between 1 and ${MAX_RESULTS}.`)
  }
  if (b.NextToken !== undefined && typeof b.NextToken !== 'string') throw new SerializationException('NextToken must be a string.')
  const requestParameters = {
    ...(attribute ? { lookupAttributes: [{ attributeKey: attribute.name, attributeValue: attribute.value }] } : {}),
    ...(startTime !== undefined ? { startTime: new Date(startTime).toISOString() } : {}),
    ...(endTime !== undefined ? { endTime: new Date(endTime).toISOString() } : {}),
    ...(b.MaxResults !== undefined ? { maxResults } : {}),
  }
  return {
    ...(attribute ? { attribute } : {}), ...(startTime !== undefined ? { startTime } : {}), ...(endTime !== undefined ? { endTime } : {}),
    maxResults, ...(b.NextToken !== undefined ? { nextToken: b.NextToken as string } : {}),
    requestParameters: Object.keys(requestParameters).length ? requestParameters : null,
  }
}

export async function lookupEvents(ctx: KmsContext, caller: Caller, input: LookupEventsInput): Promise<unknown> {
  // CloudTrail's own permission: an account root has it; IAM users and roles need cloudtrail:LookupEvents.
  await authorizeWithoutKey(ctx, caller, 'LookupEvents', {}, undefined, 'cloudtrail')
  const now = ctx.clock.now()
  const accountId = caller.principal.accountId
  const query = {
    accountId,
    ...(input.attribute ? { attribute: input.attribute } : {}),
    startTime: input.startTime ?? now - RETENTION_MS,
    endTime: input.endTime ?? now,
  }
  // A token belongs to the caller's own account and parameters (the default range moves with the clock;
  // paging by seq keeps pages stable); another account's token is refused rather than reinterpreted.
  const given = [accountId, input.attribute?.name, input.attribute?.value, input.startTime, input.endTime]
  const fingerprint = createHash('sha256').update(JSON.stringify(given)).digest('base64url').slice(0, 16)
  const beforeSeq = input.nextToken === undefined ? undefined : readToken(input.nextToken, fingerprint)
  const rows = await ctx.keys.store.read.findAudit({ ...query, ...(beforeSeq !== undefined ? { beforeSeq } : {}), limit: input.maxResults + 1 })
  const page = rows.slice(0, input.maxResults)
  const more = rows.length > input.maxResults
  return {
    Events: page.map(toEvent),
    ...(more ? { NextToken: Buffer.from(`${page.at(-1)!.seq}:${fingerprint}`).toString('base64url') } : {}),
  }
}

function toEvent(e: AuditEntry): Record<string, unknown> {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
    EventTime: e.eventTime / 1000,
    EventSource: e.eventSource,
    ...(e.username ? { Username: e.username } : {}),
    Resources: e.resourceName ? [{ ResourceType: e.resourceType, ResourceName: e.resourceName }] : [],
    CloudTrailEvent: e.record,
  }
}

/** A token names where the previous page stopped and which query it belongs to. */
function readToken(token: string, fingerprint: string): number {
  const [seq, fp] = Buffer.from(token, 'base64url').toString('utf8').split(':')
  const n = Number(seq)
  if (fp !== fingerprint || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidNextTokenException('The NextToken is not valid, or was used with different parameters.')
  }
  return n
}

function time(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SerializationException(`${name} must be a timestamp in epoch seconds.`)
  return Math.round(v * 1000)
}
