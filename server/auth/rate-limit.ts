import { AppError } from '../errors';
import type { Deps } from '../services';
import { addSeconds, hashToken } from './tokens';

export interface WindowLimit {
  name: string;
  max: number;
  windowSeconds: number;
}

/** Defaults, documented in docs/auth.md; RATE_LIMIT_SCALE multiplies every maximum. */
export const LIMITS = {
  emailPerAddress: { name: 'email-address', max: 5, windowSeconds: 60 * 60 },
  emailPerIp: { name: 'email-ip', max: 30, windowSeconds: 60 * 60 },
  tokenChecksPerIp: { name: 'token-ip', max: 60, windowSeconds: 15 * 60 },
  signInFailuresPerIp: { name: 'signin-ip', max: 50, windowSeconds: 15 * 60 },
  signInFailuresPerAccount: { name: 'signin-account', max: 5, windowSeconds: 15 * 60 },
} satisfies Record<string, WindowLimit>;

/** After `max` failures in the window, each further attempt waits 30 s, doubling up to 15 min. */
export const SIGN_IN_BACKOFF = { firstDelaySeconds: 30, maxDelaySeconds: 15 * 60 };

type RateDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

// Subjects (emails, IPs) are hashed: the counters need identity, not personal data.
const keyOf = (limit: WindowLimit, subject: string) => `${limit.name}:${hashToken(subject)}`;
const maxOf = (limit: WindowLimit, config: Deps['config']) => Math.max(1, Math.ceil(limit.max * config.RATE_LIMIT_SCALE));

/** Live events for a key, oldest first (at most `limit` of them). */
async function liveEvents({ db, clock }: RateDeps, key: string, limit: number): Promise<Date[]> {
  const runtime = await db.runtime();
  const now = clock();
  const rows = await runtime.query(
    db.query
      .from('rateLimitEvents')
      .match((f) => f.key.eq(key))
      .match((f) => f.expiresAt.gt(now))
      .sort({ expiresAt: 1 })
      .limit(limit)
      .project('expiresAt')
      .build(),
  );
  return rows.map((row) => new Date(row.expiresAt));
}

function limited(retryAt: Date, now: Date): AppError {
  return new AppError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) });
}

/**
 * Counts one event in a sliding window and refuses it when the window is full. The event is
 * an inserted document and the count a read: FerretDB v1 loses concurrent $inc updates, but
 * never an insert, so this holds across app instances on both databases.
 */
export async function consumeLimit(deps: RateDeps, limit: WindowLimit, subject: string): Promise<void> {
  const { db, clock, config } = deps;
  const key = keyOf(limit, subject);
  const max = maxOf(limit, config);
  const event = await db.orm.rateLimitEvents.create({ key, expiresAt: addSeconds(clock(), limit.windowSeconds) });
  const events = await liveEvents(deps, key, max + 1);
  if (events.length > max) {
    // Refused events do not count, so a client that keeps trying is not locked out for longer.
    await db.orm.rateLimitEvents.where({ _id: event._id }).delete();
    throw limited(events[events.length - max - 1]!, clock());
  }
}

/** Refuses a sign-in attempt while the account is in back-off or the IP has failed too often. */
export async function assertSignInAllowed(deps: RateDeps, email: string, ip: string): Promise<void> {
  const { clock, config } = deps;
  const now = clock();
  const perIp = LIMITS.signInFailuresPerIp;
  const ipEvents = await liveEvents(deps, keyOf(perIp, ip), maxOf(perIp, config));
  if (ipEvents.length >= maxOf(perIp, config)) throw limited(ipEvents[0]!, now);

  const perAccount = LIMITS.signInFailuresPerAccount;
  const free = maxOf(perAccount, config);
  const failures = await liveEvents(deps, keyOf(perAccount, email), 1000);
  if (failures.length < free) return;
  const lastFailure = failures[failures.length - 1]!.getTime() - perAccount.windowSeconds * 1000;
  const delay = Math.min(SIGN_IN_BACKOFF.firstDelaySeconds * 2 ** (failures.length - free), SIGN_IN_BACKOFF.maxDelaySeconds);
  const retryAt = new Date(lastFailure + delay * 1000);
  if (now < retryAt) throw limited(retryAt, now);
}

/** Records a failed sign-in against the account and the IP. */
export async function recordSignInFailure({ db, clock }: RateDeps, email: string, ip: string): Promise<void> {
  const { signInFailuresPerAccount: perAccount, signInFailuresPerIp: perIp } = LIMITS;
  await db.orm.rateLimitEvents.createAll([
    { key: keyOf(perAccount, email), expiresAt: addSeconds(clock(), perAccount.windowSeconds) },
    { key: keyOf(perIp, ip), expiresAt: addSeconds(clock(), perIp.windowSeconds) },
  ]);
}

/** Forgets an account's failures after a successful sign-in. */
export async function clearSignInFailures({ db }: Pick<Deps, 'db'>, email: string): Promise<void> {
  await db.orm.rateLimitEvents.where({ key: keyOf(LIMITS.signInFailuresPerAccount, email) }).deleteAll();
}
