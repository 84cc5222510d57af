/**
 * Sign, verify and RSA decrypt as the operations call them: on the event loop when the registry entry
 * says the operation is fast, on a crypto worker when it says it is slow (`offload` on the signing
 * capability, `offloadDecrypt` on RSA encryption). A hop to a worker costs ~50-100 µs, so only
 * operations of about half a millisecond or more make it (measured costs are beside each flag).
 */
import type { EncryptionAlgorithmSpec, KeySpec, MessageType, SigningAlgorithmSpec } from '../api/generated/kms-model.js'
import { WorkerPool, WorkerPoolBusyError } from '../crypto/worker-pool.js'
import { asBuffer, cryptoTasks, rsaOf, signingOf, type CryptoTasks } from './crypto-tasks.js'
import { ThrottlingException } from './errors.js'

export class CryptoOffload {
  constructor(private readonly pool: WorkerPool<CryptoTasks>) {}

  async sign(spec: KeySpec, algorithm: SigningAlgorithmSpec, material: Buffer, message: Buffer, messageType: MessageType): Promise<Buffer> {
    const signing = signingOf(spec)
    if (!signing.offload('sign', algorithm, messageType)) return signing.sign(material, algorithm, message, messageType)
    return asBuffer(await this.run('sign', spec, algorithm, material, message, messageType))
  }

  async verify(
    spec: KeySpec, algorithm: SigningAlgorithmSpec, publicKey: Buffer, message: Buffer, messageType: MessageType, signature: Buffer,
  ): Promise<boolean> {
    const signing = signingOf(spec)
    if (!signing.offload('verify', algorithm, messageType)) return signing.verify(publicKey, algorithm, message, messageType, signature)
    return this.run('verify', spec, algorithm, publicKey, message, messageType, signature)
  }

  /** The plaintext, or null when the ciphertext does not decrypt. */
  async decrypt(spec: KeySpec, algorithm: EncryptionAlgorithmSpec, material: Buffer, ciphertext: Buffer): Promise<Buffer | null> {
    const rsa = rsaOf(spec)
    if (!rsa.offloadDecrypt) return rsa.decrypt(material, algorithm, ciphertext)
    const plaintext = await this.run('decrypt', spec, algorithm, material, ciphertext)
    return plaintext && asBuffer(plaintext)
  }

  /** Terminates the workers. */
  close(): Promise<void> {
    return this.pool.close()
  }

  private async run<K extends keyof CryptoTasks & string>(task: K, ...args: Parameters<CryptoTasks[K]>): Promise<ReturnType<CryptoTasks[K]>> {
    try {
      return await this.pool.run(task, ...args)
    } catch (err) {
      // AWS's wording for throttling is "Rate exceeded" (unverified for KMS); a retrying SDK backs off.
      if (err instanceof WorkerPoolBusyError) throw new ThrottlingException('Rate exceeded')
      throw err
    }
  }
}

/**
 * The pool of `workers` crypto workers (0: everything runs on the event loop). Workers start on first
 * use; `onWorkerError` hears of one that died (its request answers KMSInternalException).
 */
export function cryptoOffload(workers: number, onWorkerError?: (err: Error) => void): CryptoOffload {
  return new CryptoOffload(new WorkerPool({
    entry: new URL('./crypto-worker.js', import.meta.url),
    tasks: cryptoTasks(asBuffer),
    size: workers,
    ...(onWorkerError ? { onWorkerError } : {}),
  }))
}
