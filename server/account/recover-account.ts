import { clearSignInFailures } from '../auth/rate-limit';
import { revokeUserSessions } from '../auth/sessions';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import { recoveredTo } from './address-chain';
import { credentialEvent, mailboxLinkHoldsFor, resolveMailboxLink, type CredentialState, type MailboxLink } from './credentials';

export interface Recovery {
  link: MailboxLink;
  /** Uses the link up: true for the one request whose delete removed it. */
  claim: () => Promise<boolean>;
  /** The new password's hash, or null to leave the account one step from choosing one. */
  passwordHash: string | null;
  /**
   * Factors created from this moment on go with the recovery (an undo: since the change was
   * requested). Null: since the link was sent, and only when the account has moved away from
   * that address meanwhile (someone else held it then).
   */
  voidFactorsSince: Date | null;
  reason: string;
}

/**
 * The original mailbox wins: a link sent to one of the account's addresses (an undo, a reset,
 * "this wasn't me") puts the account back on that address, with the password given (or none),
 * without the factors added while someone else may have held it, and with every session, pending
 * flow and link of the later addresses void (the new credential epoch and the cut address chain,
 * server/account/address-chain.ts). Refused with INVALID_TOKEN when a recovery from an earlier
 * or the same address has voided the link. The factors go before the user is written, so a crash
 * between the two leaves the link usable and nothing of the intruder's behind.
 */
export async function recoverFromMailbox(deps: Deps, userId: string, recovery: Recovery): Promise<CredentialState> {
  const account = await credentialEvent(deps, userId, async (now) => {
    if (!mailboxLinkHoldsFor(now, recovery.link)) throw new AppError('INVALID_TOKEN');
    const link = resolveMailboxLink(now, recovery.link);
    const since = recovery.voidFactorsSince ?? (now.email !== link.sentTo ? link.issuedAt : null);
    const secondFactor = since ? await removeFactorsSince(deps, userId, since) : now.secondFactor;
    if (!(await recovery.claim())) throw new AppError('INVALID_TOKEN');
    return {
      email: link.sentTo,
      addresses: recoveredTo(now.addresses, link.sentTo, deps.clock()),
      passwordHash: recovery.passwordHash,
      verified: true,
      secondFactor,
    };
  });
  await endFlows(deps, userId, recovery.reason);
  // The account is on the link's address now.
  await clearSignInFailures(deps, account.email);
  return account;
}

/** Removes every factor and recovery code created since `since`; says whether a confirmed factor is left. */
async function removeFactorsSince({ db }: Deps, userId: string, since: Date): Promise<boolean> {
  const [passkeys, totp, codes] = await Promise.all([
    db.orm.passkeys.where({ userId }).select('_id', 'createdAt').all(),
    db.orm.totpFactors.where({ userId }).select('_id', 'createdAt', 'confirmedAt').first(),
    db.orm.recoveryCodes.where({ userId }).select('_id', 'createdAt').all(),
  ]);
  const added = (row: { createdAt: Date }) => row.createdAt >= since;
  await Promise.all([
    ...passkeys.filter(added).map((p) => db.orm.passkeys.where({ _id: p._id }).delete()),
    ...codes.filter(added).map((c) => db.orm.recoveryCodes.where({ _id: c._id }).delete()),
    ...(totp && (added(totp) || !totp.confirmedAt) ? [db.orm.totpFactors.where({ _id: totp._id }).delete()] : []),
  ]);
  const left = passkeys.some((p) => !added(p)) || Boolean(totp && !added(totp) && totp.confirmedAt);
  if (!left) await db.orm.recoveryCodes.where({ userId }).deleteAll();
  return left;
}

/**
 * After a credential event that returns the account to its owner: every session ends, and the
 * rows of flows the new epoch has already voided are tidied away.
 */
async function endFlows(deps: Deps, userId: string, reason: string): Promise<void> {
  const { db } = deps;
  await revokeUserSessions(deps, userId, reason);
  await Promise.all([
    db.orm.emailChanges.where({ userId }).deleteAll(),
    db.orm.signInChallenges.where({ userId }).deleteAll(),
    db.orm.factorGrants.where({ userId }).deleteAll(),
    db.orm.factorRecoveries.where({ userId }).deleteAll(),
    // A browser the intruder signed in from must not keep its own budget of second-factor guesses.
    db.orm.knownDevices.where({ userId }).deleteAll(),
  ]);
}
