import { createHash, randomBytes } from 'node:crypto';

/** A fresh 256-bit URL-safe token and the SHA-256 hash that is the only thing stored. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/**
 * Single use: a token's document, once read, counts only for the request whose delete removed
 * it, and only while unexpired. (FerretDB v1's findOneAndDelete hands one document to every
 * concurrent caller; a delete's count is exact on FerretDB and MongoDB alike.)
 */
export async function claimOnce<T extends { _id: string; expiresAt: Date }>(
  found: T | null,
  deleteById: (id: string) => Promise<number>,
  now: Date,
): Promise<T | null> {
  if (!found) return null;
  return (await deleteById(found._id)) === 1 && found.expiresAt > now ? found : null;
}
