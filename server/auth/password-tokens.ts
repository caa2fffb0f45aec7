import { audit } from '../account/audit';
import { recogniseDevice } from '../account/devices';
import { AppError } from '../errors';
import { securityEvent } from '../lib/security-log';
import type { Email } from '../comms/emails';
import type { Deps } from '../deps';
import { assertPasswordNotCommon, hashPassword } from './passwords';
import { consumeLimit, LIMITS } from './rate-limit';
import { openSessionUnder, type Session } from './sessions';
import { mailboxLinkHoldsFor, readCredentials } from '../account/credentials';
import { recoverFromMailbox } from '../account/recover-account';
import { issueSecondStep, type SecondStep } from '../mfa/second-step';
import type { Client } from '../lib/client';
import { addSeconds } from './tokens';
import { claimPeeked, countEmail, issueLink, peekLink, sendLink, type LinkStore } from './emailed-links';

/** reset: asked for, and replaced by a newer one to the same address; notice: sent with a "this wasn't me" email, replaced by nothing. */
type PasswordLinkKind = 'reset' | 'notice';

interface PasswordLink {
  _id: string;
  userId: string;
  sentTo: string | null;
  issuedAt: Date | null;
  expiresAt: Date;
}

/**
 * Password links (set or reset). A link asked for replaces the earlier ones asked for to the same
 * address, and nothing else: a link in a "this wasn't me" notice, or one sent to another address,
 * stays. So a thief who knows the password cannot void the owner's links by asking for more, at
 * the owner's address or at one of their own (server/account/address-chain.ts).
 */
function passwordLinks({
  db,
  clock,
  config,
}: Deps): LinkStore<{ _id: string; email: string; kind: PasswordLinkKind }, { _id: string }, PasswordLink> {
  return {
    replace: async ({ _id: userId, email, kind }) => {
      if (kind === 'notice') return;
      const earlier = await db.orm.passwordTokens.where({ userId }).select('_id', 'sentTo', 'kind').all();
      const replaced = earlier.filter((t) => (t.sentTo ?? email) === email && t.kind !== 'notice');
      await Promise.all(replaced.map((t) => db.orm.passwordTokens.where({ _id: t._id }).delete()));
    },
    insert: ({ _id: userId, email, kind }, tokenHash) =>
      db.orm.passwordTokens.create({
        tokenHash,
        userId,
        sentTo: email,
        issuedAt: clock(),
        kind,
        expiresAt: addSeconds(clock(), config.PASSWORD_TOKEN_TTL),
      }),
    find: (tokenHash) =>
      db.orm.passwordTokens.where({ tokenHash }).select('_id', 'userId', 'sentTo', 'issuedAt', 'expiresAt').first(),
    remove: (_id) => db.orm.passwordTokens.where({ _id }).deleteAndCount(),
  };
}

/**
 * A new password token for the user's address, replacing earlier ones sent there (shown once,
 * stored hashed): for a person who has just proved the address by another link.
 */
export async function issuePasswordToken(deps: Deps, user: { _id: string; email: string }): Promise<string> {
  return (await issueLink(passwordLinks(deps), { ...user, kind: 'reset' })).token;
}

/**
 * True only for a password token that setPassword would take: existing, unexpired, and sent to an
 * address that may still act for the account (server/account/address-chain.ts). Does not consume it.
 */
export async function verifyPasswordToken(deps: Deps, token: string, client: Client): Promise<boolean> {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const found = await peekLink(passwordLinks(deps), token, deps.clock());
  const account = found && (await readCredentials(deps, found.userId));
  return Boolean(account && mailboxLinkHoldsFor(account, found));
}

/**
 * Consumes the password token and recovers the account to the address it was sent to
 * (server/account/recover-account.ts): the new password, every session and pending flow ended,
 * the sign-in back-off lifted; then one new session for this client (after the second step,
 * when the account has a second factor). A new account's name comes with its first password.
 */
export async function setPassword(
  deps: Deps,
  token: string,
  password: string,
  client: Client,
  name?: string,
): Promise<Session | SecondStep> {
  const { clock, log } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  // The token is checked before any hashing, so that made-up tokens cost no bcrypt work, and
  // consumed only after, so that a refused password does not burn the link.
  const links = passwordLinks(deps);
  const found = await peekLink(links, token, clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  assertPasswordNotCommon(password);
  const passwordHash = await hashPassword(deps, password);

  const account = await deps.db.orm.users.where({ _id: found.userId }).select('firstSignInAt').first();
  if (!account) throw new AppError('INVALID_TOKEN');
  const user = await recoverFromMailbox(deps, found.userId, {
    link: found,
    claim: async () => Boolean(await claimPeeked(links, found, clock())),
    passwordHash,
    voidFactorsSince: null,
    reason: 'password set',
  });

  if (name) await deps.db.orm.users.where({ _id: user._id }).update({ name });
  securityEvent(log, 'password.set', { userId: user._id, ip: client.ip });
  await audit(deps, { type: 'password.set', userId: user._id, client });
  // An emailed link proves the address, not the second factor: that is still asked for.
  if (user.secondFactor) return issueSecondStep(deps, user._id, true, user.epoch);
  const session = await openSessionUnder(deps, user, client, user.epoch);
  // Proving the address by email is a sign-in of its own: it starts the account's known browsers, with no notice.
  const signedIn = { ...user, firstSignInAt: account.firstSignInAt ?? null };
  const device = await recogniseDevice(deps, signedIn, client.device, client, { notify: false, browser: true });
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
  await emailPasswordLink(deps, { _id: user._id, email }, (url) => ({ kind: 'reset-password', url }), 'reset');
}

/**
 * Queues an email carrying a fresh set-password link for the user: a `reset` replaces the
 * earlier ones asked for; a `notice` link ("this wasn't me") is replaced by nothing.
 */
export async function emailPasswordLink(
  deps: Deps,
  user: { _id: string; email: string },
  email: (url: string) => Email,
  kind: PasswordLinkKind,
): Promise<void> {
  await sendLink(passwordLinks(deps), { ...user, kind }, (token, row) =>
    deps.comms.send(user.email, email(`${deps.config.APP_URL}/set-password?token=${token}`), {
      collection: 'passwordTokens',
      id: row._id,
    }),
  );
}
