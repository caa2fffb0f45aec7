import type { Deps } from '../services';

const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/**
 * Deletes expired tokens, invitations and rate-limit events, at most once a minute per instance.
 * (No TTL indexes on FerretDB; several instances sweeping is harmless, only redundant.)
 */
export function sweepExpiredSoon(deps: Pick<Deps, 'db' | 'clock' | 'log'>): void {
  const now = deps.clock();
  if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now.getTime();
  void sweepExpired(deps, now).catch((error: Error) => deps.log.warn('sweep failed', { reason: error.message }));
}

export async function sweepExpired({ db }: Pick<Deps, 'db'>, now: Date): Promise<void> {
  const runtime = await db.runtime();
  await Promise.all([
    runtime.execute(
      db.query
        .from('verificationTokens')
        .match((f) => f.expiresAt.lt(now))
        .deleteMany(),
    ),
    runtime.execute(
      db.query
        .from('passwordTokens')
        .match((f) => f.expiresAt.lt(now))
        .deleteMany(),
    ),
    runtime.execute(
      db.query
        .from('refreshTokens')
        .match((f) => f.expiresAt.lt(now))
        .deleteMany(),
    ),
    runtime.execute(
      db.query
        .from('rateLimitEvents')
        .match((f) => f.expiresAt.lt(now))
        .deleteMany(),
    ),
  ]);
}
