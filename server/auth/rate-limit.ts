import { AppError } from '../errors';
import { ipSubject } from '../lib/ip-subject';
import { securityEvent } from '../lib/security-log';
import type { Deps } from '../deps';
import { addSeconds, hashToken } from './tokens';

export interface WindowLimit {
  name: string;
  max: number;
  windowSeconds: number;
  /** Per-IP limits count an IPv6 client by its /64 (server/lib/ip-subject.ts). */
  per: 'ip' | 'email' | 'account';
}

const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** Defaults, documented in docs/auth.md; RATE_LIMIT_SCALE multiplies every maximum. */
export const LIMITS = {
  emailPerAddress: { name: 'email-address', max: 5, windowSeconds: 60 * 60, per: 'email' },
  emailPerIp: { name: 'email-ip', max: 30, windowSeconds: 60 * 60, per: 'ip' },
  tokenChecksPerIp: { name: 'token-ip', max: 60, windowSeconds: 15 * 60, per: 'ip' },
  // One window for both: a sign-in attempt is one event counted by each (beginSignInAttempt).
  signInFailuresPerIp: { name: 'signin-ip', max: 50, windowSeconds: SIGN_IN_WINDOW_SECONDS, per: 'ip' },
  signInFailuresPerAccount: { name: 'signin-account', max: 5, windowSeconds: SIGN_IN_WINDOW_SECONDS, per: 'email' },
  // The password asked again before a sensitive change: its own counter of wrong passwords,
  // keyed by account, so that someone holding a stolen session cannot use it to lock the owner
  // out of signing in. A right password is not counted.
  passwordRechecksPerAccount: { name: 'recheck-account', max: 5, windowSeconds: 15 * 60, per: 'account' },
  // Wrong second-factor codes (sign-in's second step and step-up alike), per budget: each browser
  // the account knows has its own, all other clients share one (server/mfa/verify-factor.ts).
  // A right code is not counted.
  secondFactorFailuresPerDevice: { name: 'second-factor-device', max: 5, windowSeconds: 15 * 60, per: 'account' },
  // Wrong codes while confirming a new authenticator app.
  enrolmentCodeFailuresPerAccount: { name: 'enrol-code-account', max: 5, windowSeconds: 15 * 60, per: 'account' },
  // Calls that store a challenge or send an email for a signed-in account, each call (step-up
  // passkey options, starting to add a factor, changing the password, changing a member's role).
  challengesPerAccount: { name: 'challenge-account', max: 30, windowSeconds: 15 * 60, per: 'account' },
  organisationsPerAccount: { name: 'organisation-account', max: 10, windowSeconds: 60 * 60, per: 'account' },
  // Comments written or edited: a person typing, not a script filling a task (or inboxes).
  commentsPerAccount: { name: 'comment-account', max: 60, windowSeconds: 60, per: 'account' },
  // Live-stream tickets (each a stored document): a tab reconnecting takes one each time.
  liveTicketsPerAccount: { name: 'live-ticket-account', max: 300, windowSeconds: 15 * 60, per: 'account' },
  // Task emails one person receives, whoever sends them: past it, more wait for the next hour.
  taskEmailsPerPerson: { name: 'task-email-person', max: 20, windowSeconds: 60 * 60, per: 'account' },
} satisfies Record<string, WindowLimit>;

/** After `max` failures in the window, each further attempt waits 30 s, doubling up to 15 min. */
export const SIGN_IN_BACKOFF = { firstDelaySeconds: 30, maxDelaySeconds: 15 * 60 };

type RateDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'log'>;

// Subjects (emails, IPs) are hashed: the counters need identity, not personal data.
const keyOf = (limit: WindowLimit, subject: string) =>
  `${limit.name}:${hashToken(limit.per === 'ip' ? ipSubject(subject) : subject)}`;
const maxOf = (limit: WindowLimit, config: Deps['config']) => Math.max(1, Math.ceil(limit.max * config.RATE_LIMIT_SCALE));

interface Event {
  _id: string;
  at: Date;
}

/** Live events for a key, oldest first (at most `count` of them); a sign-in attempt's IP is its `ipKey`. */
async function liveEvents(
  { db, clock }: RateDeps,
  limit: WindowLimit,
  key: string,
  count: number,
  field: 'key' | 'ipKey' = 'key',
): Promise<Event[]> {
  const runtime = await db.runtime();
  const rows = await runtime.query(
    db.query
      .from('rateLimitEvents')
      .match((f) => f[field].eq(key))
      .match((f) => f.expiresAt.gt(clock()))
      .sort({ expiresAt: 1 })
      .limit(count)
      .project('_id', 'expiresAt')
      .build(),
  );
  return rows.map((row) => ({ _id: String(row._id), at: addSeconds(new Date(row.expiresAt), -limit.windowSeconds) }));
}

function limited(retryAt: Date, now: Date): AppError {
  return new AppError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) });
}

async function record({ db, clock }: RateDeps, limit: WindowLimit, subject: string): Promise<string> {
  const event = await db.orm.rateLimitEvents.create({
    key: keyOf(limit, subject),
    ipKey: null,
    expiresAt: addSeconds(clock(), limit.windowSeconds),
  });
  return event._id;
}

async function forget({ db }: Pick<Deps, 'db'>, ...ids: string[]): Promise<void> {
  await Promise.all(ids.map((_id) => db.orm.rateLimitEvents.where({ _id }).delete()));
}

/**
 * Counts one event in a sliding window, then refuses it when the window is over full. The
 * event is an inserted document and the count a read made after it: FerretDB v1 loses
 * concurrent $inc updates but never an insert, so N concurrent calls cost N on both databases.
 */
export async function consumeLimit(deps: RateDeps, limit: WindowLimit, subject: string): Promise<void> {
  await countAttempt(deps, limit, subject);
}

/**
 * `consumeLimit` for attempts that only count when they fail (a second-factor code): the
 * attempt is counted and checked the same way, and `succeeded()` takes it back.
 */
export async function countAttempt(deps: RateDeps, limit: WindowLimit, subject: string): Promise<{ succeeded(): Promise<void> }> {
  const max = maxOf(limit, deps.config);
  const mine = await record(deps, limit, subject);
  const events = await liveEvents(deps, limit, keyOf(limit, subject), max + 1);
  if (events.length > max) {
    // Refused events do not count, so a client that keeps trying is not locked out for longer.
    await forget(deps, mine);
    securityEvent(deps.log, 'rate_limited', { limit: limit.name, ...(limit.per === 'ip' ? { ip: subject } : {}) });
    throw limited(addSeconds(events[events.length - max - 1]!.at, limit.windowSeconds), deps.clock());
  }
  return { succeeded: () => forget(deps, mine) };
}

/** A sign-in attempt already counted against the account and the IP; settle it once the password is checked. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
  /** The password was never checked (the server was too busy): the attempt does not count. */
  abandoned(): Promise<void>;
}

/**
 * Counts a sign-in attempt against the account and the IP before the password is compared,
 * so that concurrent or batched guesses each cost one attempt. Refuses it while the IP has
 * failed too often or the account is in back-off. A failed attempt simply stays counted;
 * `succeeded()` removes this attempt and the account's earlier failures.
 */
export async function beginSignInAttempt(deps: RateDeps, email: string, ip: string): Promise<SignInAttempt> {
  const { signInFailuresPerAccount: perAccount, signInFailuresPerIp: perIp } = LIMITS;
  const now = deps.clock();
  // One document counted by both limits: a sign-in costs one insert and one delete, not two of each.
  const attempt = (
    await deps.db.orm.rateLimitEvents.create({
      key: keyOf(perAccount, email),
      ipKey: keyOf(perIp, ip),
      expiresAt: addSeconds(now, SIGN_IN_WINDOW_SECONDS),
    })
  )._id;
  const refuse = async (retryAt: Date, limit: WindowLimit) => {
    await forget(deps, attempt);
    securityEvent(deps.log, 'sign_in.throttled', { limit: limit.name, ip });
    return limited(retryAt, now);
  };

  const ipMax = maxOf(perIp, deps.config);
  // Both counts at once: the time before the password hash starts is time a hashing slot can stand idle.
  const [ipEvents, accountEvents] = await Promise.all([
    liveEvents(deps, perIp, keyOf(perIp, ip), ipMax + 1, 'ipKey'),
    liveEvents(deps, perAccount, keyOf(perAccount, email), 1000),
  ]);
  if (ipEvents.length > ipMax) throw await refuse(addSeconds(ipEvents[0]!.at, perIp.windowSeconds), perIp);

  const free = maxOf(perAccount, deps.config);
  const others = accountEvents.filter((e) => e._id !== attempt);
  if (others.length >= free) {
    const delay = Math.min(SIGN_IN_BACKOFF.firstDelaySeconds * 2 ** (others.length - free), SIGN_IN_BACKOFF.maxDelaySeconds);
    const retryAt = addSeconds(others[others.length - 1]!.at, delay);
    if (now < retryAt) throw await refuse(retryAt, perAccount);
  }

  return {
    // The account's earlier failures go with their IP counts: an IP that failed against an
    // account whose owner then signed in gets those attempts back (docs/auth.md).
    succeeded: () => clearSignInFailures(deps, email, others.map((e) => e._id).concat(attempt)),
    abandoned: () => forget(deps, attempt),
  };
}

/**
 * Forgets an account's sign-in failures: those given, or all of them (a completed password
 * reset, so that an attacker who keeps failing cannot keep the owner locked out).
 */
export async function clearSignInFailures(deps: Pick<Deps, 'db'>, email: string, only?: string[]): Promise<void> {
  if (only) return forget(deps, ...only);
  await deps.db.orm.rateLimitEvents.where({ key: keyOf(LIMITS.signInFailuresPerAccount, email) }).deleteAll();
}
