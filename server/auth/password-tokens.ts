import { audit } from '../account/audit';
import { recogniseDevice } from '../account/devices';
import { AppError } from '../errors';
import { securityEvent } from '../lib/security-log';
import type { Email } from '../comms/emails';
import type { Deps } from '../deps';
import { assertPasswordNotCommon, hashPassword } from './passwords';
import { clearSignInFailures, consumeLimit, LIMITS } from './rate-limit';
import { createSession, revokeUserSessions, type Session } from './sessions';
import { issueSecondStep, type SecondStep } from '../mfa/second-step';
import type { Client } from '../lib/client';
import { addSeconds } from './tokens';
import { claimPeeked, countEmail, issueLink, peekLink, sendLink, type LinkStore } from './emailed-links';

/** Password links (set or reset): one per user. */
function passwordLinks({
  db,
  clock,
  config,
}: Deps): LinkStore<string, { _id: string }, { _id: string; userId: string; expiresAt: Date }> {
  return {
    replace: async (userId) => {
      await db.orm.passwordTokens.where({ userId }).deleteAll();
    },
    insert: (userId, tokenHash) =>
      db.orm.passwordTokens.create({ tokenHash, userId, expiresAt: addSeconds(clock(), config.PASSWORD_TOKEN_TTL) }),
    find: (tokenHash) => db.orm.passwordTokens.where({ tokenHash }).select('_id', 'userId', 'expiresAt').first(),
    remove: (_id) => db.orm.passwordTokens.where({ _id }).deleteAndCount(),
  };
}

/** Replaces the user's password tokens with a new one and returns it (shown once, stored hashed). */
export async function issuePasswordToken(deps: Deps, userId: string): Promise<string> {
  return (await issueLink(passwordLinks(deps), userId)).token;
}

/** True only for an existing, unexpired password token; does not consume it. */
export async function verifyPasswordToken(deps: Deps, token: string, client: Client): Promise<boolean> {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  return Boolean(await peekLink(passwordLinks(deps), token, deps.clock()));
}

/**
 * Consumes the password token, stores the new password, marks the user verified, ends every
 * session of the user, lifts the sign-in back-off, and opens one new session for this client
 * (after the second step, when the account has a second factor).
 */
export async function setPassword(deps: Deps, token: string, password: string, client: Client): Promise<Session | SecondStep> {
  const { db, clock, log } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  // The token is checked before any hashing, so that made-up tokens cost no bcrypt work, and
  // consumed only after, so that a refused password does not burn the link.
  const links = passwordLinks(deps);
  const found = await peekLink(links, token, clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  assertPasswordNotCommon(password);
  const passwordHash = await hashPassword(deps, password);

  const consumed = await claimPeeked(links, found, clock());
  if (!consumed) throw new AppError('INVALID_TOKEN');
  const user = await db.orm.users.where({ _id: consumed.userId }).update({ passwordHash, verified: true });
  if (!user) throw new AppError('INVALID_TOKEN');

  await revokeUserSessions(deps, user._id, 'password set');
  await clearSignInFailures(deps, user.email);
  securityEvent(log, 'password.set', { userId: user._id, ip: client.ip });
  await audit(deps, { type: 'password.set', userId: user._id, client });
  // An emailed link proves the address, not the second factor: that is still asked for.
  if (user.secondFactor) return issueSecondStep(deps, user._id, true);
  const session = await createSession(deps, user, client);
  // Proving the address by email is a sign-in of its own: it starts the account's known browsers, with no notice.
  const device = await recogniseDevice(deps, user, client.device, client, { notify: false, browser: true });
  return { ...session, ...(device.token ? { deviceToken: device.token } : {}) };
}

/**
 * Emails a reset link to an account, or a "no account here" note to an unknown address:
 * both take an email send, so the caller's reply and its timing say nothing either way.
 */
export async function resetPassword(deps: Deps, email: string, client: Client): Promise<void> {
  const { db, comms } = deps;
  await countEmail(deps, email, client);

  const user = await db.orm.users.where({ email }).select('_id').first();
  if (!user) {
    await comms.send(email, { kind: 'no-account' });
    return;
  }
  await emailPasswordLink(deps, { _id: user._id, email }, (url) => ({ kind: 'reset-password', url }));
}

/** Queues an email carrying a fresh set-password link for the user (replacing earlier links). */
export async function emailPasswordLink(
  deps: Deps,
  user: { _id: string; email: string },
  email: (url: string) => Email,
): Promise<void> {
  await sendLink(passwordLinks(deps), user._id, (token, row) =>
    deps.comms.send(user.email, email(`${deps.config.APP_URL}/set-password?token=${token}`), {
      collection: 'passwordTokens',
      id: row._id,
    }),
  );
}
