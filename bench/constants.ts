/** Fixed settings shared by the bench's servers and clients. */
export const REGION = 'us-east-1'
export const CREDENTIALS = { accessKeyId: 'BENCHROOTACCESSKEY01', secretAccessKey: 'bench-secret-access-key-0123456789abcdef' }
