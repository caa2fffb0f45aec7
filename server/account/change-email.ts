import type { AccessClaims } from '../auth/access-token';
import { claimPeeked, countEmail, peekLink, sendLink } from '../auth/emailed-links';
import { issuePasswordToken } from '../auth/password-tokens';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { revokeUserSessions } from '../auth/sessions';
import { AppError } from '../errors';
import { securityEvent } from '../lib/security-log';
import { withAddress } from './address-chain';
import { credentialEvent } from './credentials';
import { recoverFromMailbox } from './recover-account';
import { changeLinks, revertLinks, type Revert } from './email-change-links';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { audit } from './audit';
import { confirmPassword, type Reauthentication } from './confirm-password';

/** Tells the current address what happened, with a fresh single-use link that undoes it. */
async function noticeToOldAddress(
  deps: Deps,
  revert: Revert,
  kind: 'email-change-requested' | 'email-changed',
  newEmail: string,
) {
  await sendLink(revertLinks(deps), revert, (token, row) =>
    deps.comms.send(
      revert.oldEmail,
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

  const requestedAt = deps.clock();
  const change = { userId: user._id, newEmail, keepSessionId: claims.sessionId, epoch: user.epoch, requestedAt };
  const taken = await deps.db.orm.users.where({ email: newEmail }).select('_id').first();
  if (taken) {
    await changeLinks(deps).replace(change);
    await deps.comms.send(newEmail, { kind: 'email-change-taken' });
  } else {
    await sendLink(changeLinks(deps), change, (token, row) =>
      deps.comms.send(
        newEmail,
        { kind: 'confirm-email-change', newEmail, url: `${deps.config.APP_URL}/confirm-email?token=${token}` },
        { collection: 'emailChanges', id: row._id },
      ),
    );
  }
  await noticeToOldAddress(
    deps,
    { userId: user._id, oldEmail: user.email, since: requestedAt },
    'email-change-requested',
    newEmail,
  );
  await audit(deps, { type: 'email_change.requested', userId: user._id, detail: newEmail, client });
  securityEvent(deps.log, 'email.change_requested', { userId: user._id, ip: client.ip });
}

/**
 * Withdraws the account's unconfirmed email change: its link to the new address stops working.
 * The reply is the same whether a link was pending (a request to an address that has an account
 * leaves none, and saying so would tell who has an account).
 */
export async function withdrawEmailChange(deps: Deps, claims: AccessClaims, client: Client): Promise<void> {
  await deps.db.orm.emailChanges.where({ userId: claims.userId }).deleteAll();
  await audit(deps, { type: 'email_change.withdrawn', userId: claims.userId, client });
}

/** The address a change link would move its account to, without using the link. */
export async function peekEmailChange(deps: Deps, token: string, client: Client): Promise<{ newEmail: string }> {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const found = await peekLink(changeLinks(deps), token, deps.clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  return { newEmail: found.newEmail };
}

/**
 * Confirms an email change, as a credential event: the link is used up by exactly one request,
 * and only while no credential event has happened since it was asked for (a reset, a password
 * change, an undo); the address changes (refused, with nothing changed, when another account
 * took it meanwhile), every session but the one that asked ends, and the old address gets a
 * notice with a link to undo it.
 */
export async function confirmEmailChange(deps: Deps, token: string, client: Client): Promise<{ email: string }> {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const links = changeLinks(deps);
  const found = await peekLink(links, token, clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  const holder = await db.orm.users.where({ email: found.newEmail }).select('_id').first();
  // The account itself holding the address means a concurrent confirmation won: the claim below says so.
  if (holder && holder._id !== found.userId) {
    await links.remove(found._id);
    throw new AppError('EMAIL_TAKEN');
  }
  let oldEmail = '';
  await credentialEvent(deps, found.userId, async (account) => {
    if (account.epoch !== found.epoch) {
      await links.remove(found._id);
      throw new AppError('INVALID_TOKEN');
    }
    if (!(await claimPeeked(links, found, clock()))) throw new AppError('INVALID_TOKEN');
    oldEmail = account.email;
    return { email: found.newEmail, addresses: withAddress(account.addresses, found.newEmail, clock()) };
  });
  const userId = found.userId;
  await revokeUserSessions(deps, userId, 'email changed', found.keepSessionId);
  await noticeToOldAddress(deps, { userId, oldEmail, since: found.requestedAt }, 'email-changed', found.newEmail);
  await audit(deps, { type: 'email_change.confirmed', userId, detail: `${oldEmail} → ${found.newEmail}`, client });
  securityEvent(deps.log, 'email.changed', { userId, ip: client.ip });
  return { email: found.newEmail };
}

/**
 * "This wasn't me" from the old address: a recovery (server/account/recover-account.ts) that puts
 * the old address back (or cancels the pending change), removes every factor added since the
 * change was asked for, ends every session and pending flow and every link sent to a later
 * address, and clears the password (whoever asked knew it); the person then chooses a new one
 * with the set-password token returned.
 */
export async function revertEmailChange(
  deps: Deps,
  token: string,
  client: Client,
): Promise<{ passwordToken: string; email: string }> {
  const { clock } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const links = revertLinks(deps);
  const found = await peekLink(links, token, clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  const user = await recoverFromMailbox(deps, found.userId, {
    link: { sentTo: found.oldEmail, issuedAt: found.issuedAt },
    claim: async () => Boolean(await claimPeeked(links, found, clock())),
    passwordHash: null,
    voidFactorsSince: found.since,
    reason: 'email change undone',
  });
  await audit(deps, { type: 'email_change.reverted', userId: user._id, detail: found.oldEmail, client });
  securityEvent(deps.log, 'email.change_reverted', { userId: user._id, ip: client.ip });
  return { passwordToken: await issuePasswordToken(deps, { _id: user._id, email: found.oldEmail }), email: found.oldEmail };
}
