import type { AccessClaims } from '../auth/access-token';
import { claimPeeked, countEmail, peekLink, sendLink, type LinkStore } from '../auth/emailed-links';
import { issuePasswordToken } from '../auth/password-tokens';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { revokeUserSessions } from '../auth/sessions';
import { addSeconds } from '../auth/tokens';
import { AppError } from '../errors';
import { securityEvent } from '../lib/security-log';
import { withAddress } from './address-chain';
import { credentialEvent } from './credentials';
import { recoverFromMailbox } from './recover-account';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { audit } from './audit';
import { confirmPassword, type Reauthentication } from './confirm-password';

interface Change {
  userId: string;
  newEmail: string;
  keepSessionId: string;
  /** The credential epoch it was asked under: a credential event since voids the link. */
  epoch: string;
  requestedAt: Date;
}
interface FoundChange {
  _id: string;
  userId: string;
  newEmail: string;
  keepSessionId: string;
  epoch: string;
  requestedAt: Date;
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
    find: async (tokenHash) => {
      const row = await db.orm.emailChanges
        .where({ tokenHash })
        .select('_id', 'userId', 'newEmail', 'keepSessionId', 'epoch', 'requestedAt', 'expiresAt')
        .first();
      return row ? { ...row, epoch: row.epoch ?? '', requestedAt: row.requestedAt ?? row.expiresAt } : null;
    },
    remove: (_id) => db.orm.emailChanges.where({ _id }).deleteAndCount(),
  };
}

interface Revert {
  userId: string;
  oldEmail: string;
  /** When the change it undoes was requested. */
  since: Date;
}
interface FoundRevert extends Revert {
  _id: string;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * "This wasn't me", sent to the old address: one per notice, and none replaces another. Only
 * using one, its expiry, or a recovery from that address or an earlier one ends it
 * (server/account/address-chain.ts): nothing asked from a later address can.
 */
function revertLinks({ db, clock, config }: Deps): LinkStore<Revert, { _id: string }, FoundRevert> {
  return {
    replace: async () => {},
    insert: (revert, tokenHash) =>
      db.orm.emailReverts.create({
        ...revert,
        tokenHash,
        issuedAt: clock(),
        expiresAt: addSeconds(clock(), config.EMAIL_REVERT_TTL),
      }),
    find: async (tokenHash) => {
      const row = await db.orm.emailReverts
        .where({ tokenHash })
        .select('_id', 'userId', 'oldEmail', 'since', 'issuedAt', 'expiresAt')
        .first();
      // A link from before links carried their times: treated as sent when the account began.
      return row ? { ...row, since: row.since ?? new Date(0), issuedAt: row.issuedAt ?? new Date(0) } : null;
    },
    remove: (_id) => db.orm.emailReverts.where({ _id }).deleteAndCount(),
  };
}

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
