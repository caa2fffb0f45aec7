import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { isDuplicateKey } from '../store/db-errors';
import { withLock } from '../store/locks';
import type { Deps } from '../deps';
import { mailboxLinkHolds, parseChain, serialiseChain, type ChainedAddress } from './address-chain';

/**
 * The one rule for flows that could change who controls an account (docs/account.md): every
 * credential event (password set, reset or changed; email change confirmed or undone; a factor
 * added or removed; a recovery completed) rewrites `users.credentialEpoch` in the same
 * single-document write as the change itself. A flow records the epoch as it starts (a pending
 * email change, a second step, a factor setup, a factor recovery) and re-reads it after its own
 * final write: a different epoch means a credential event came first, and the flow is void.
 * Nothing depends on deleting the flows' rows, which a crash could leave half done.
 */

/** A fresh epoch: random, so that two events can never write the same one. */
export const newEpoch = () => randomBytes(16).toString('hex');

export interface CredentialState {
  _id: string;
  email: string;
  /** '' for an account that has seen no credential event since epochs began. */
  epoch: string;
  addresses: ChainedAddress[];
  passwordHash: string | null;
  secondFactor: boolean;
}

type CredentialDeps = Pick<Deps, 'db' | 'clock'>;

/** The account's credential state, or null when it is gone. */
export async function readCredentials({ db }: Pick<Deps, 'db'>, userId: string): Promise<CredentialState | null> {
  const user = await db.orm.users
    .where({ _id: userId })
    .select('_id', 'email', 'credentialEpoch', 'addresses', 'passwordHash', 'secondFactor')
    .first();
  if (!user) return null;
  return {
    _id: user._id,
    email: user.email,
    epoch: user.credentialEpoch ?? '',
    addresses: parseChain(user.addresses, user.email),
    passwordHash: user.passwordHash ?? null,
    secondFactor: Boolean(user.secondFactor),
  };
}

/**
 * True while no credential event has happened since the flow that recorded `epoch` began: read
 * after the flow's own last write. One field by `_id`: it runs after every sign-in's session insert.
 */
export async function epochHolds({ db }: Pick<Deps, 'db'>, userId: string, epoch: string | null | undefined): Promise<boolean> {
  const user = await db.orm.users.where({ _id: userId }).select('credentialEpoch').first();
  return user !== null && (user.credentialEpoch ?? '') === (epoch ?? '');
}

/** A link emailed to one of the account's addresses, as stored: rows from before this release lack both fields. */
export interface MailboxLink {
  sentTo?: string | null;
  issuedAt?: Date | null;
}

/**
 * Where a stored mailbox link went and when: a row without an address was sent to the account's
 * address of the time, one without a time before links carried one (address-chain.ts).
 */
export function resolveMailboxLink(account: CredentialState, link: MailboxLink): { sentTo: string; issuedAt: Date } {
  return { sentTo: link.sentTo ?? account.email, issuedAt: link.issuedAt ?? new Date(0) };
}

/** True while a stored mailbox link may still act for the account (server/account/address-chain.ts). */
export function mailboxLinkHoldsFor(account: CredentialState, link: MailboxLink): boolean {
  const { sentTo, issuedAt } = resolveMailboxLink(account, link);
  return mailboxLinkHolds(account.addresses, sentTo, issuedAt);
}

/** What a credential event writes on the user, besides the new epoch. */
export interface CredentialChange {
  email?: string;
  addresses?: ChainedAddress[];
  passwordHash?: string | null;
  verified?: boolean;
  secondFactor?: boolean;
}

/**
 * Runs a credential event. Under the account's credentials lock (events on one account happen one
 * at a time, across instances), `decide` sees the account as it is now and returns the change, or
 * refuses by throwing; the change and a new epoch are one update of the user. An address another
 * account holds is EMAIL_TAKEN, with nothing changed. Returns the account as written.
 */
export async function credentialEvent(
  deps: CredentialDeps,
  userId: string,
  decide: (account: CredentialState) => CredentialChange | Promise<CredentialChange>,
): Promise<CredentialState> {
  return withLock(deps, `credentials:${userId}`, async () => {
    const account = await readCredentials(deps, userId);
    if (!account) throw new AppError('INVALID_TOKEN');
    const change = await decide(account);
    const epoch = newEpoch();
    const { addresses, ...fields } = change;
    try {
      await deps.db.orm.users
        .where({ _id: userId })
        .update({ ...fields, ...(addresses ? { addresses: serialiseChain(addresses) } : {}), credentialEpoch: epoch });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('EMAIL_TAKEN');
      throw error;
    }
    return {
      ...account,
      ...fields,
      passwordHash: change.passwordHash === undefined ? account.passwordHash : change.passwordHash,
      secondFactor: change.secondFactor ?? account.secondFactor,
      addresses: addresses ?? account.addresses,
      epoch,
    };
  });
}
