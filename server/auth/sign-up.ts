import { AppError } from '../errors';
import { addMembership } from '../organisation/membership';
import type { Deps } from '../deps';
import type { Client } from '../lib/client';
import { isDuplicateKey } from '../store/db-errors';
import { claimLink, countEmail, sendLink, type LinkStore } from './emailed-links';
import { issuePasswordToken } from './password-tokens';
import { unverifiedUser } from './new-user';
import { consumeLimit, LIMITS } from './rate-limit';
import { addSeconds } from './tokens';
import { addList, FIRST_LIST_NAME } from '../tasks/lists';
import { monthOf } from '../store/task-words.mjs';

/**
 * Sign-up step one. New address: a single-use verification link. Address with an account
 * (a password set): a "you already have an account" email instead. The caller sees the same
 * reply either way.
 */
export async function createVerificationToken(deps: Deps, email: string, client: Client): Promise<void> {
  const { db, comms, config } = deps;
  await countEmail(deps, email, client);

  const user = await db.orm.users.where({ email }).select('passwordHash').first();
  if (user?.passwordHash) {
    await comms.send(email, { kind: 'account-exists' });
    return;
  }
  await sendLink(verificationLinks(deps), email, (token, row) =>
    comms.send(
      email,
      { kind: 'verify-email', url: `${config.APP_URL}/verify?token=${token}` },
      { collection: 'verificationTokens', id: row._id },
    ),
  );
}

/** Verification links: one per email address. */
function verificationLinks({
  db,
  clock,
  config,
}: Deps): LinkStore<string, { _id: string }, { _id: string; email: string; expiresAt: Date }> {
  return {
    replace: async (email) => {
      await db.orm.verificationTokens.where({ email }).deleteAll();
    },
    insert: (email, tokenHash) =>
      db.orm.verificationTokens.create({ tokenHash, email, expiresAt: addSeconds(clock(), config.VERIFICATION_TOKEN_TTL) }),
    find: (tokenHash) => db.orm.verificationTokens.where({ tokenHash }).select('_id', 'email', 'expiresAt').first(),
    remove: (_id) => db.orm.verificationTokens.where({ _id }).deleteAndCount(),
  };
}

/**
 * Consumes a verification token (single use, even for concurrent requests), creates
 * the organisation and the user if they do not exist yet, and returns a password token.
 */
export async function verifyEmail(deps: Deps, token: string, client: Client): Promise<{ passwordToken: string; email: string }> {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const consumed = await claimLink(verificationLinks(deps), token, deps.clock());
  if (!consumed) throw new AppError('INVALID_TOKEN');

  const userId = await findOrCreateUser(deps, consumed.email);
  const passwordToken = await issuePasswordToken(deps, { _id: userId, email: consumed.email });
  return { passwordToken, email: consumed.email };
}

async function findOrCreateUser(deps: Deps, email: string): Promise<string> {
  const { db } = deps;
  const existing = await db.orm.users.where({ email }).select('_id').first();
  if (existing) return existing._id;
  const organisation = await db.orm.organisations.create({
    name: defaultOrganisationName(email),
    requireSecondFactor: false,
    timeZone: null,
    searchFrom: monthOf(deps.clock()),
  });
  try {
    const user = await db.orm.users.create(unverifiedUser(email));
    // A crash before this line leaves an organisation nobody belongs to: db:apply removes those.
    await addMembership(deps, user._id, organisation, 'owner');
    await addList(deps, organisation._id, user._id, FIRST_LIST_NAME);
    return user._id;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // Another request created this user first (the unique email index decided): use theirs.
    await db.orm.organisations.where({ _id: organisation._id }).delete();
    const winner = await db.orm.users.where({ email }).select('_id').first();
    if (!winner) throw error;
    return winner._id;
  }
}

function defaultOrganisationName(email: string): string {
  const local = email.split('@')[0] ?? email;
  return `${local}'s organisation`;
}
