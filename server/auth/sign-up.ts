import { AppError } from '../errors';
import type { Deps } from '../services';
import { issuePasswordToken } from './password-tokens';
import { consumeLimit, LIMITS } from './rate-limit';
import { sweepExpiredSoon } from './sweep';
import { addSeconds, claimOnce, hashToken, newToken } from './tokens';

export interface Client {
  ip: string;
  userAgent: string | null;
}

/**
 * Sign-up step one. New address: a single-use verification link. Address with an account
 * (a password set): a "you already have an account" email instead. The caller sees the same
 * reply either way.
 */
export async function createVerificationToken(deps: Deps, email: string, client: Client): Promise<void> {
  const { db, comms, config, clock } = deps;
  await consumeLimit(deps, LIMITS.emailPerIp, client.ip);
  await consumeLimit(deps, LIMITS.emailPerAddress, email);
  sweepExpiredSoon(deps);

  const user = await db.orm.users.where({ email }).select('passwordHash').first();
  if (user?.passwordHash) {
    await comms.sendAccountExistsEmail(email);
    return;
  }
  await db.orm.verificationTokens.where({ email }).deleteAll();
  const { token, tokenHash } = newToken();
  await db.orm.verificationTokens.create({ tokenHash, email, expiresAt: addSeconds(clock(), config.VERIFICATION_TOKEN_TTL) });
  try {
    await comms.sendVerificationEmail(email, `${config.APP_URL}/verify?token=${token}`);
  } catch (error) {
    // No mail, no link: leave nothing behind that nobody can use.
    await db.orm.verificationTokens.where({ tokenHash }).delete();
    throw error;
  }
}

/**
 * Consumes a verification token (single use, even for concurrent requests), creates
 * the organisation and the user if they do not exist yet, and returns a password token.
 */
export async function verifyEmail(deps: Deps, token: string, client: Client): Promise<{ passwordToken: string; email: string }> {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const consumed = await consumeVerificationToken(deps, token);
  if (!consumed) throw new AppError('INVALID_TOKEN');

  const userId = await findOrCreateUser(deps, consumed.email);
  const passwordToken = await issuePasswordToken(deps, userId);
  return { passwordToken, email: consumed.email };
}

async function findOrCreateUser({ db }: Deps, email: string): Promise<string> {
  const existing = await db.orm.users.where({ email }).select('_id').first();
  if (existing) return existing._id;
  const organisation = await db.orm.organisations.create({ name: defaultOrganisationName(email) });
  try {
    const user = await db.orm.users.create({
      email,
      passwordHash: null,
      verified: false,
      organisationId: organisation._id,
      role: 'owner',
    });
    return user._id;
  } catch (error) {
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

async function consumeVerificationToken({ db, clock }: Deps, token: string) {
  const found = await db.orm.verificationTokens
    .where({ tokenHash: hashToken(token) })
    .select('_id', 'email', 'expiresAt')
    .first();
  return claimOnce(found, (_id) => db.orm.verificationTokens.where({ _id }).deleteAndCount(), clock());
}
