import type { LinkStore } from '../auth/emailed-links';
import { addSeconds } from '../auth/tokens';
import type { Deps } from '../deps';

// The two links of an email change (server/account/change-email.ts), as emailed-links stores them.

export interface Change {
  userId: string;
  newEmail: string;
  keepSessionId: string;
  /** The credential epoch it was asked under: a credential event since voids the link. */
  epoch: string;
  requestedAt: Date;
}
export interface FoundChange {
  _id: string;
  userId: string;
  newEmail: string;
  keepSessionId: string;
  epoch: string;
  requestedAt: Date;
  expiresAt: Date;
}

/** The link to the new address: one per account, the newest request wins. */
export function changeLinks({ db, clock, config }: Deps): LinkStore<Change, { _id: string }, FoundChange> {
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

export interface Revert {
  userId: string;
  oldEmail: string;
  /** When the change it undoes was requested. */
  since: Date;
}
export interface FoundRevert extends Revert {
  _id: string;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * "This wasn't me", sent to the old address: one per notice, and none replaces another. Only
 * using one, its expiry, or a recovery from that address or an earlier one ends it
 * (server/account/address-chain.ts): nothing asked from a later address can.
 */
export function revertLinks({ db, clock, config }: Deps): LinkStore<Revert, { _id: string }, FoundRevert> {
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
