import type { Deps } from '../deps';

const EXPIRING = [
  'verificationTokens',
  'passwordTokens',
  'sessions',
  'refreshRotations',
  'rateLimitEvents',
  'invitations',
  'locks',
] as const;

/** Deletes expired tokens, sessions, invitations, locks and rate-limit events (run every minute by the housekeeping). */
export async function sweepExpired({ db }: Pick<Deps, 'db'>, now: Date): Promise<void> {
  // A plain indexed deleteMany per collection; every one of them has an `expiresAt` index.
  await Promise.all(EXPIRING.map((name) => db.mongo.collection(name).deleteMany({ expiresAt: { $lt: now } })));
}
