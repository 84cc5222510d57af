/**
 * `npm run bench -- --only authz`: what authorization costs. One Trent (pinned to core 0), two keys:
 * one with AWS's default key policy (one statement) and one with a realistic 10-statement key policy with
 * conditions (modelled on the console's default policy plus the guards people add: encryption context
 * required, source network, caller account, ViaService, lockout bypass). The same Encrypt 32 B (with an
 * encryption context) is run for each variant, the order alternating between rounds so drift in the
 * machine's load hits all alike; medians are reported, by throughput and by the server's CPU time per
 * request. Callers: the account root under the default policy (the baseline); an IAM user whose inline
 * identity policy allows Encrypt under a condition, under the realistic policy (what is measured); and
 * the root under the realistic policy.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { CREDENTIALS, REGION } from './constants.js'
import { join } from 'node:path'
import { runWrk, type LoadResult } from './load.js'
import { preparePool, type Bench } from './phases.js'
import { sendRaw } from './raw-http.js'
import { startTrent, type ServerHandle } from './servers.js'
import { Presigner } from './sign.js'
import type { Target, Workload } from './workloads.js'

const ACCOUNT = '000000000000'
const ROOT = `arn:aws:iam::${ACCOUNT}:root`
const CONNECTIONS = 16
const ROUNDS = 3
const TICKS_PER_SECOND = 100

/**
 * The server's CPU time so far (user + system, all threads; /proc/<pid>/stat fields 14-15, in ticks).
 * CPU per request is the noise-robust measure on a shared machine: other processes steal wall time
 * (throughput) but not the server's own CPU time.
 */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

const s = (Sid: string, Effect: string, Principal: unknown, Action: string | string[], Condition?: unknown) =>
  ({ Sid, Effect, Principal, Action, Resource: '*', ...(Condition ? { Condition } : {}) })
const inAccount = { StringEquals: { 'kms:CallerAccount': ACCOUNT } }

/** Ten statements, seven of them with conditions. */
export const REALISTIC_POLICY = JSON.stringify({
  Version: '2012-10-17', Id: 'bench-realistic',
  Statement: [
    s('Allow key administrators', 'Allow', { AWS: ROOT }, ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*',
      'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion']),
    s('Allow use of the key', 'Allow', { AWS: ROOT }, ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      { StringEquals: { 'kms:EncryptionContext:app': 'bench', 'kms:CallerAccount': ACCOUNT } }),
    s('Allow attachment of persistent resources', 'Allow', { AWS: ROOT }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
    s('Allow readers', 'Allow', '*', ['kms:DescribeKey', 'kms:GetPublicKey'], { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/readers-*` } }),
    s('Allow the gateway to decrypt', 'Allow', '*', 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 'gateway.example.com', ...inAccount.StringEquals } }),
    s('Deny other accounts', 'Deny', '*', 'kms:*', { StringNotEquals: inAccount.StringEquals }),
    s('Deny encryption without context', 'Deny', '*', ['kms:Encrypt', 'kms:GenerateDataKey*'], { Null: { 'kms:EncryptionContextKeys': 'true' } }),
    s('Deny outside the network', 'Deny', '*', ['kms:Encrypt', 'kms:Decrypt'], { NotIpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '10.0.0.0/8', '::1/128'] } }),
    s('Deny short deletion windows', 'Deny', '*', 'kms:ScheduleKeyDeletion', { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '14' } }),
    s('Deny lockout bypass', 'Deny', '*', 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } }),
  ],
})

const ENCRYPT: Workload = {
  id: 'encrypt-32-ec', label: 'Encrypt 32 B + context', op: 'Encrypt',
  input: (t) => ({ KeyId: t.keyId, Plaintext: randomBytes(32), EncryptionContext: { app: 'bench', tenant: 'a' } }),
}

export interface AuthzRun extends LoadResult { cpuUsPerRequest: number }
type Variant = 'default-root' | 'realistic-root' | 'realistic-user'
export interface AuthzResult { variant: Variant; runs: AuthzRun[] }

const LABELS: Record<Variant, string> = {
  'default-root': 'default (1 statement), root',
  'realistic-root': 'realistic (10 statements, 7 with conditions), root',
  'realistic-user': 'realistic + the user\'s identity policy (with a condition), IAM user',
}

type Credentials = { accessKeyId: string; secretAccessKey: string }

/** An IAM user allowed to encrypt under keys of the account for tenant `a` only (one inline policy). */
async function benchUser(port: number): Promise<Credentials> {
  const iam = new IAMClient({ region: REGION, endpoint: `http://127.0.0.1:${port}`, credentials: CREDENTIALS, maxAttempts: 1 })
  try {
    await iam.send(new CreateUserCommand({ UserName: 'bench-app' }))
    await iam.send(new PutUserPolicyCommand({
      UserName: 'bench-app', PolicyName: 'encrypt', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`, Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'a' } } },
        { Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ] }),
    }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-app' }))).AccessKey!
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
  } finally {
    iam.destroy()
  }
}

async function createKey(port: number, policy?: string): Promise<string> {
  const signer = new Presigner(port)
  const res = await sendRaw(port, await signer.sign('CreateKey', { Description: 'bench', ...(policy ? { Policy: policy } : {}) }))
  signer.destroy()
  if (res.status !== 200) throw new Error(`CreateKey failed: ${res.status} ${res.body.toString()}`)
  return (JSON.parse(res.body.toString()) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
}

export async function measureAuthz(b: Bench): Promise<{ results: AuthzResult[]; command: string }> {
  const server: ServerHandle = await startTrent({ root: b.root, dataDir: join(b.tmp, 'authz'), logLevel: b.logLevel, logFile: join(b.tmp, 'authz.log') })
  try {
    const realistic: Target = { keyId: await createKey(server.port, REALISTIC_POLICY), ciphertexts: [] }
    const targets: Record<Variant, Target> = { 'default-root': { keyId: await createKey(server.port), ciphertexts: [] }, 'realistic-root': realistic, 'realistic-user': realistic }
    const user = await benchUser(server.port)
    const results: AuthzResult[] = [{ variant: 'default-root', runs: [] }, { variant: 'realistic-root', runs: [] }, { variant: 'realistic-user', runs: [] }]
    for (let round = 0; round < ROUNDS; round++) {
      // A/B/C then C/B/A: a machine whose load drifts during the run burdens every variant alike.
      for (const r of round % 2 === 0 ? results : [...results].reverse()) {
        // A fresh pool per run: SigV4 allows replays only within 5 minutes.
        const { file } = await preparePool(b, server, targets[r.variant], ENCRYPT, `authz-${r.variant}-${round}`, r.variant === 'realistic-user' ? user : undefined)
        const run = { root: b.root, port: server.port, poolFile: file, connections: CONNECTIONS }
        await b.quiet.wait(10_000)
        await runWrk({ ...run, seconds: b.warmup })
        const cpuBefore = cpuSeconds(server.pid)
        const measured = await runWrk({ ...run, seconds: b.seconds })
        const cpu = cpuSeconds(server.pid) - cpuBefore
        const result = { ...measured, cpuUsPerRequest: Math.round((cpu * 1e6) / Math.max(1, measured.rps * b.seconds)) }
        r.runs.push(result)
        b.progress(`  round ${round + 1} ${r.variant.padEnd(14)} ${String(result.rps).padStart(6)} req/s  ${result.cpuUsPerRequest} µs CPU/req  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${result.errors ? `  ERRORS ${result.errors}` : ''}`)
      }
    }
    return { results, command: server.command }
  } finally {
    await server.stop()
  }
}

const median = (xs: number[]): number => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)]!

export function renderAuthz(results: AuthzResult[], meta: { date: string; revision: string; machine: string; command: string; seconds: number }, server: string): string {
  const of = (v: Variant) => results.find((r) => r.variant === v)!
  const med = (v: Variant, f: (r: AuthzRun) => number) => median(of(v).runs.map(f))
  const costs = (v: Variant) => {
    const [bc, c] = [med('default-root', (r) => r.cpuUsPerRequest), med(v, (r) => r.cpuUsPerRequest)]
    const [bt, t] = [med('default-root', (r) => r.rps), med(v, (r) => r.rps)]
    return `${LABELS[v]}: ${(((c - bc) / c) * 100).toFixed(1)}% by CPU time per request (robust to other processes), ${(((bt - t) / bt) * 100).toFixed(1)}% by median throughput (noisy)`
  }
  const lines = [
    '# What authorization costs: Encrypt under a 10-statement key policy vs the default policy', '',
    `${meta.date}, Trent ${meta.revision}, ${meta.machine}, \`${meta.command}\`, ${meta.seconds} s per run, ${CONNECTIONS} connections, ${ROUNDS} rounds in alternating order.`, '',
    '| Key policy, caller | req/s per round | median req/s | CPU µs/request per round | median CPU µs/request | median p50 / p99 ms |', '|---|---|---:|---|---:|---:|',
    ...results.map((x) => `| ${LABELS[x.variant]} | ${x.runs.map((y) => y.rps).join(', ')} | ${median(x.runs.map((y) => y.rps))} | ${x.runs.map((y) => y.cpuUsPerRequest).join(', ')} | ${median(x.runs.map((y) => y.cpuUsPerRequest))} | ${median(x.runs.map((y) => y.p50Ms)).toFixed(2)} / ${median(x.runs.map((y) => y.p99Ms)).toFixed(2)} |`),
    '', 'Cost against the default policy with the root (target: at most 10%):', '',
    `- ${costs('realistic-user')}`, `- ${costs('realistic-root')}`, '', 'Server:', '', `    ${server}`,
  ]
  return `${lines.join('\n')}\n`
}
