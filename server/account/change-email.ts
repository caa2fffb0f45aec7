import type { AccessClaims } from '../auth/access-token';
import { claimLink, claimPeeked, countEmail, peekLink, sendLink, type LinkStore } from '../auth/emailed-links';
import { issuePasswordToken } from '../auth/password-tokens';
import { clearSignInFailures, consumeLimit, LIMITS } from '../auth/rate-limit';
import { revokeUserSessions } from '../auth/sessions';
import { addSeconds } from '../auth/tokens';
import { AppError } from '../errors';
import { isDuplicateKey } from '../lib/db-errors';
import { securityEvent } from '../lib/security-log';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { audit } from './audit';
import { confirmPassword, type Reauthentication } from './confirm-password';

interface Change {
  userId: string;
  newEmail: string;
  keepSessionId: string;
}
interface FoundChange extends Change {
  _id: string;
  expiresAt: Date;
}

/** The link to the new address: one per account, the newest request wins. */
function changeLinks({ db, clock, config }: Deps): LinkStore<Change, { _id: string }, FoundChange> {
  return {
    replace: async ({ userId }) => {
      await db.orm.emailChanges.where({ userId }).deleteAll();
    },
    insert: (change, tokenHash) =>
      db.orm.emailChanges.create({ ...change, tokenHash, expiresAt: addSeconds(clock(), config.EMAIL_CHANGE_TTL) }),
    find: (tokenHash) =>
      db.orm.emailChanges.where({ tokenHash }).select('_id', 'userId', 'newEmail', 'keepSessionId', 'expiresAt').first(),
    remove: (_id) => db.orm.emailChanges.where({ _id }).deleteAndCount(),
  };
}

interface Revert {
  userId: string;
  oldEmail: string;
}

/** "This wasn't me", sent to the old address: one per account, the newest notice's. */
function revertLinks({ db, clock, config }: Deps): LinkStore<Revert, { _id: string }, Revert & { _id: string; expiresAt: Date }> {
  return {
    replace: async ({ userId }) => {
      await db.orm.emailReverts.where({ userId }).deleteAll();
    },
    insert: (revert, tokenHash) =>
      db.orm.emailReverts.create({ ...revert, tokenHash, expiresAt: addSeconds(clock(), config.EMAIL_REVERT_TTL) }),
    find: (tokenHash) => db.orm.emailReverts.where({ tokenHash }).select('_id', 'userId', 'oldEmail', 'expiresAt').first(),
    remove: (_id) => db.orm.emailReverts.where({ _id }).deleteAndCount(),
  };
}

/** Tells the current address what happened, with a fresh single-use link that undoes it. */
async function noticeToOldAddress(
  deps: Deps,
  userId: string,
  oldEmail: string,
  kind: 'email-change-requested' | 'email-changed',
  newEmail: string,
) {
  await sendLink(revertLinks(deps), { userId, oldEmail }, (token, row) =>
    deps.comms.send(
      oldEmail,
      { kind, newEmail, url: `${deps.config.APP_URL}/revert-email?token=${token}` },
      { collection: 'emailReverts', id: row._id },
    ),
  );
}

/**
 * Asks to move the account to `newEmail`: a link goes there (the address changes only when it
 * is opened and confirmed), and the current address is told, with a link that cancels it. An
 * address that already has an account gets a note saying so instead; the reply is the same.
 */
export async function requestEmailChange(
  deps: Deps,
  claims: AccessClaims,
  reauth: Reauthentication,
  newEmail: string,
  client: Client,
): Promise<void> {
  const user = await confirmPassword(deps, claims, reauth, client);
  if (newEmail === user.email) throw new AppError('SAME_EMAIL');
  await countEmail(deps, newEmail, client);

  const taken = await deps.db.orm.users.where({ email: newEmail }).select('_id').first();
  if (taken) {
    await changeLinks(deps).replace({ userId: user._id, newEmail, keepSessionId: claims.sessionId });
    await deps.comms.send(newEmail, { kind: 'email-change-taken' });
  } else {
    await sendLink(changeLinks(deps), { userId: user._id, newEmail, keepSessionId: claims.sessionId }, (token, row) =>
      deps.comms.send(
        newEmail,
        { kind: 'confirm-email-change', newEmail, url: `${deps.config.APP_URL}/confirm-email?token=${token}` },
        { collection: 'emailChanges', id: row._id },
      ),
    );
  }
  await noticeToOldAddress(deps, user._id, user.email, 'email-change-requested', newEmail);
  await audit(deps, { type: 'email_change.requested', userId: user._id, detail: newEmail, client });
  securityEvent(deps.log, 'email.change_requested', { userId: user._id, ip: client.ip });
}

/** The address a change link would move its account to, without using the link. */
export async function peekEmailChange(deps: Deps, token: string, client: Client): Promise<{ newEmail: string }> {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const found = await peekLink(changeLinks(deps), token, deps.clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  return { newEmail: found.newEmail };
}

/**
 * Confirms an email change: the link is used up by exactly one request, the address changes
 * (refused, with nothing changed, when another account took it meanwhile), every session
 * but the one that asked ends, and the old address gets a notice with a link to undo it.
 */
export async function confirmEmailChange(deps: Deps, token: string, client: Client): Promise<{ email: string }> {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const links = changeLinks(deps);
  const found = await peekLink(links, token, clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  const user = await db.orm.users.where({ _id: found.userId }).select('_id', 'email').first();
  if (!user) throw new AppError('INVALID_TOKEN');
  const holder = await db.orm.users.where({ email: found.newEmail }).select('_id').first();
  // The account itself holding the address means a concurrent confirmation won: the claim below says so.
  if (holder && holder._id !== user._id) {
    await links.remove(found._id);
    throw new AppError('EMAIL_TAKEN');
  }
  if (!(await claimPeeked(links, found, clock()))) throw new AppError('INVALID_TOKEN');
  try {
    // The unique email index decides a race with a sign-up or another change to this address.
    await db.orm.users.where({ _id: user._id }).update({ email: found.newEmail });
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('EMAIL_TAKEN');
    throw error;
  }
  await revokeUserSessions(deps, user._id, 'email changed', found.keepSessionId);
  await noticeToOldAddress(deps, user._id, user.email, 'email-changed', found.newEmail);
  await audit(deps, { type: 'email_change.confirmed', userId: user._id, detail: `${user.email} → ${found.newEmail}`, client });
  securityEvent(deps.log, 'email.changed', { userId: user._id, ip: client.ip });
  return { email: found.newEmail };
}

/**
 * "This wasn't me" from the old address: cancels a pending change or puts the old address
 * back, ends every session and clears the password (whoever asked knew it); the person then
 * chooses a new one with the set-password token returned.
 */
export async function revertEmailChange(
  deps: Deps,
  token: string,
  client: Client,
): Promise<{ passwordToken: string; email: string }> {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const claimed = await claimLink(revertLinks(deps), token, clock());
  if (!claimed) throw new AppError('INVALID_TOKEN');
  const user = await db.orm.users.where({ _id: claimed.userId }).select('_id', 'email').first();
  if (!user) throw new AppError('INVALID_TOKEN');
  await db.orm.emailChanges.where({ userId: user._id }).deleteAll();
  try {
    await db.orm.users.where({ _id: user._id }).update({ email: claimed.oldEmail, passwordHash: null });
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('EMAIL_TAKEN');
    throw error;
  }
  await revokeUserSessions(deps, user._id, 'email change undone');
  await clearSignInFailures(deps, claimed.oldEmail);
  await audit(deps, { type: 'email_change.reverted', userId: user._id, detail: claimed.oldEmail, client });
  securityEvent(deps.log, 'email.change_reverted', { userId: user._id, ip: client.ip });
  return { passwordToken: await issuePasswordToken(deps, user._id), email: claimed.oldEmail };
}
