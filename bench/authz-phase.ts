/**
 * `npm run bench -- --only authz`: what authorization costs. One Trent (pinned to core 0), two keys:
 * one with AWS's default key policy (one statement) and one with a realistic 10-statement key policy with
 * conditions (modelled on the console's default policy plus the guards people add: encryption context
 * required, source network, caller account, ViaService, lockout bypass). The same Encrypt 32 B (with an
 * encryption context) is run against each, alternating A/B, B/A, ..., so drift in the machine's load
 * hits both alike; the median of each is reported, by throughput and by the server's CPU time per request. The caller is the account root (no IAM users exist yet),
 * whose Encrypt the 10-statement policy allows only under its encryption-context condition.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
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
const ROUNDS = 4
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
export interface AuthzResult { variant: 'default' | 'realistic'; runs: AuthzRun[] }

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
    const targets: Record<AuthzResult['variant'], Target> = {
      default: { keyId: await createKey(server.port), ciphertexts: [] },
      realistic: { keyId: await createKey(server.port, REALISTIC_POLICY), ciphertexts: [] },
    }
    const results: AuthzResult[] = [{ variant: 'default', runs: [] }, { variant: 'realistic', runs: [] }]
    for (let round = 0; round < ROUNDS; round++) {
      // A/B then B/A: a machine whose load drifts during the run burdens both variants alike.
      for (const r of round % 2 === 0 ? results : [...results].reverse()) {
        // A fresh pool per run: SigV4 allows replays only within 5 minutes.
        const { file } = await preparePool(b, server, targets[r.variant], ENCRYPT, `authz-${r.variant}-${round}`)
        const run = { root: b.root, port: server.port, poolFile: file, connections: CONNECTIONS }
        await b.quiet.wait(10_000)
        await runWrk({ ...run, seconds: b.warmup })
        const cpuBefore = cpuSeconds(server.pid)
        const measured = await runWrk({ ...run, seconds: b.seconds })
        const cpu = cpuSeconds(server.pid) - cpuBefore
        const result = { ...measured, cpuUsPerRequest: Math.round((cpu * 1e6) / Math.max(1, measured.rps * b.seconds)) }
        r.runs.push(result)
        b.progress(`  round ${round + 1} ${r.variant.padEnd(9)} ${String(result.rps).padStart(6)} req/s  ${result.cpuUsPerRequest} µs CPU/req  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${result.errors ? `  ERRORS ${result.errors}` : ''}`)
      }
    }
    return { results, command: server.command }
  } finally {
    await server.stop()
  }
}

const median = (xs: number[]): number => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)]!

export function renderAuthz(results: AuthzResult[], meta: { date: string; revision: string; machine: string; command: string; seconds: number }, server: string): string {
  const [base, real] = [results.find((r) => r.variant === 'default')!, results.find((r) => r.variant === 'realistic')!]
  const [b, r] = [median(base.runs.map((x) => x.rps)), median(real.runs.map((x) => x.rps))]
  const cost = b > 0 ? ((b - r) / b) * 100 : NaN
  const [bc, rc] = [median(base.runs.map((x) => x.cpuUsPerRequest)), median(real.runs.map((x) => x.cpuUsPerRequest))]
  const cpuCost = bc > 0 ? ((rc - bc) / rc) * 100 : NaN
  const lines = [
    '# What authorization costs: Encrypt under a 10-statement key policy vs the default policy', '',
    `${meta.date}, Trent ${meta.revision}, ${meta.machine}, \`${meta.command}\`, ${meta.seconds} s per run, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds.`, '',
    '| Key policy | req/s per round | median req/s | CPU µs/request per round | median CPU µs/request | median p50 / p99 ms |', '|---|---|---:|---|---:|---:|',
    ...[base, real].map((x) => `| ${x.variant === 'default' ? 'default (1 statement)' : 'realistic (10 statements, 7 with conditions)'} | ${x.runs.map((y) => y.rps).join(', ')} | ${median(x.runs.map((y) => y.rps))} | ${x.runs.map((y) => y.cpuUsPerRequest).join(', ')} | ${median(x.runs.map((y) => y.cpuUsPerRequest))} | ${median(x.runs.map((y) => y.p50Ms)).toFixed(2)} / ${median(x.runs.map((y) => y.p99Ms)).toFixed(2)} |`),
    '', `Cost of the realistic policy, by the server's CPU time per request (robust to other processes): ${cpuCost.toFixed(1)}% (target: at most 10%).`,
    `By median throughput (noisy on a shared machine): ${cost.toFixed(1)}%.`, '', 'Server:', '', `    ${server}`,
  ]
  return `${lines.join('\n')}\n`
}
