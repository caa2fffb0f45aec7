/** True for a unique-index violation (E11000), however the driver or the ORM wrapped it. */
export function isDuplicateKey(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as Error & { code?: unknown }).code === 11000 || /E11000|duplicate key/i.test(e.message)) return true;
  }
  return false;
}
