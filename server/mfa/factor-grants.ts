import { audit } from '../account/audit';
import { epochHolds } from '../account/credentials';
import { countEmail, sendLink, type LinkStore } from '../auth/emailed-links';
import { addSeconds, claimOnce, hashToken } from '../auth/tokens';
import { AppError } from '../errors';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';

const GRANT_SECONDS = 30 * 60;

interface Grant {
  _id: string;
  userId: string;
  epoch: string;
  expiresAt: Date;
}

/** One live grant per account: asking again replaces it. */
function grantLinks({ db, clock }: Deps): LinkStore<{ userId: string; epoch: string }, { _id: string }, Grant> {
  return {
    replace: async ({ userId }) => {
      await db.orm.factorGrants.where({ userId }).deleteAll();
    },
    insert: ({ userId, epoch }, tokenHash) =>
      db.orm.factorGrants.create({ tokenHash, userId, epoch, expiresAt: addSeconds(clock(), GRANT_SECONDS) }),
    find: (tokenHash) => db.orm.factorGrants.where({ tokenHash }).select('_id', 'userId', 'epoch', 'expiresAt').first(),
    remove: (_id) => db.orm.factorGrants.where({ _id }).deleteAndCount(),
  };
}

/**
 * Someone signed in, with the password just asked again, wants to add the account's first
 * second factor: the account's address gets a link that lets them. A thief who knows the
 * password holds a session but not the mailbox, so cannot add a factor to lock the owner out.
 */
export async function emailFactorGrant(
  deps: Deps,
  user: { _id: string; email: string; epoch: string },
  client: Client,
): Promise<{ sentTo: string }> {
  await countEmail(deps, user.email, client);
  await sendLink(grantLinks(deps), { userId: user._id, epoch: user.epoch }, (token, row) =>
    deps.comms.send(
      user.email,
      { kind: 'confirm-second-factor', url: `${deps.config.APP_URL}/account?factor-grant=${token}` },
      { collection: 'factorGrants', id: row._id },
    ),
  );
  await audit(deps, { type: 'mfa.factor_grant_sent', userId: user._id, client });
  return { sentTo: user.email };
}

/** The account's grant named by `token`: unexpired, this account's, and from before no credential event. */
async function liveGrant(deps: Deps, userId: string, token: string): Promise<Grant> {
  const grant = await grantLinks(deps).find(hashToken(token));
  if (!grant || grant.userId !== userId || grant.expiresAt <= deps.clock()) throw new AppError('INVALID_TOKEN');
  if (!(await epochHolds(deps, userId, grant.epoch))) throw new AppError('CREDENTIALS_CHANGED');
  return grant;
}

/** Refuses to start adding a first factor without a live grant (CONFIRM_BY_EMAIL when none was sent). */
export async function assertFactorGrant(deps: Deps, userId: string, token: string | undefined): Promise<void> {
  if (!token) throw new AppError('CONFIRM_BY_EMAIL');
  await liveGrant(deps, userId, token);
}

/** Uses the grant up as the first factor is saved: one factor per emailed link. */
export async function spendFactorGrant(deps: Deps, userId: string, token: string | undefined): Promise<void> {
  if (!token) throw new AppError('CONFIRM_BY_EMAIL');
  const grant = await liveGrant(deps, userId, token);
  const links = grantLinks(deps);
  if (!(await claimOnce(grant, (id) => links.remove(id), deps.clock()))) throw new AppError('INVALID_TOKEN');
}
