import type { Deps } from '../deps';
import { deleteInBatches } from '../store/batch-delete';
import { claimPeriod } from '../store/locks';

const EXPIRING = [
  'verificationTokens',
  'passwordTokens',
  'sessions',
  'refreshRotations',
  'rateLimitEvents',
  'invitations',
  'locks',
  'emailChanges',
  'emailReverts',
  'signInChallenges',
  'webauthnChallenges',
  'recoveryCancels',
  'factorGrants',
  'knownDevices',
  'auditEvents',
  'liveEvents',
  'liveTickets',
  // Finished messages only: a pending one has no expiresAt.
  'outbox',
] as const;

/**
 * Deletes expired tokens, sessions, invitations, locks, rate-limit events and finished outbox
 * messages, a batch at a time (server/store/batch-delete.ts): after a long stop, one deleteMany of
 * the backlog failed on every sweep. Deleting each batch by _id uses the index twins
 * (scripts/ferretdb-indexes.sql).
 */
export async function sweepExpired({ db }: Pick<Deps, 'db'>, now: Date): Promise<void> {
  await Promise.all(EXPIRING.map((name) => deleteInBatches(db, name, { expiresAt: { $lt: now } })));
}

/** How often the deployment sweeps: once per period, whichever instance comes first. */
export const SWEEP_PERIOD_MS = 10 * 60_000;

/**
 * The housekeeping's sweep: at most once per period across all instances (the period's key
 * inserted into `locks` decides). A sweep reads every document of each expiring collection
 * on FerretDB, which filters ranges in Go (docs/database.md), so it is not repeated by every
 * instance every minute. Expired documents left meanwhile are harmless: reads check expiresAt.
 */
export async function sweepOncePerPeriod(deps: Pick<Deps, 'db' | 'clock'>): Promise<boolean> {
  const now = deps.clock();
  if (!(await claimPeriod(deps, 'sweep', SWEEP_PERIOD_MS, 2))) return false;
  await sweepExpired(deps, now);
  return true;
}
