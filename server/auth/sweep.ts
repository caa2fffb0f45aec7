import type { Deps } from '../services';

const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/**
 * Deletes expired tokens, sessions, invitations, locks and rate-limit events, at most once a minute per instance.
 * (No TTL indexes on FerretDB; several instances sweeping is harmless, only redundant.)
 */
export function sweepExpiredSoon(deps: Pick<Deps, 'db' | 'clock' | 'log'>): void {
  const now = deps.clock();
  if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now.getTime();
  void sweepExpired(deps, now).catch((error: Error) => deps.log.warn('sweep failed', { reason: error.message }));
}

const EXPIRING = [
  'verificationTokens',
  'passwordTokens',
  'sessions',
  'refreshRotations',
  'rateLimitEvents',
  'invitations',
  'locks',
] as const;

export async function sweepExpired({ db }: Pick<Deps, 'db'>, now: Date): Promise<void> {
  // A plain indexed deleteMany per collection; every one of them has an `expiresAt` index.
  await Promise.all(EXPIRING.map((name) => db.mongo.collection(name).deleteMany({ expiresAt: { $lt: now } })));
}
