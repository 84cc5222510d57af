/** A seed file problem; it stops the start and names what is wrong. */
export class SeedError extends Error {
  override readonly name = 'SeedError'
}
