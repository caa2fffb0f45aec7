import type { AccessClaims } from '../auth/access-token';
import { checkPassword } from '../auth/passwords';
import { countAttempt, LIMITS } from '../auth/rate-limit';
import { AppError } from '../errors';
import { verifySecondFactor, type SecondFactorProof } from '../mfa/verify-factor';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';

export interface ConfirmedUser {
  _id: string;
  email: string;
  secondFactor: boolean;
  /** The credential epoch the check ran under (server/account/credentials.ts). */
  epoch: string;
}

/** What a sensitive change asks again: the password, and a second factor when the account has one. */
export interface Reauthentication {
  password: string;
  proof: SecondFactorProof | null;
}

/**
 * The password asked again before a sensitive change, and then the second factor when the
 * account has one (step-up: a stolen session and a phished password are not enough). The
 * password is counted before it is checked, against its own per-account limit, and a right one
 * is taken back: a stolen session can neither guess freely nor, by failing, lock the owner out
 * of signing in, and the owner's own changes never use the budget up. Wrong codes count against
 * the second-factor limit (server/mfa/verify-factor.ts).
 */
export async function confirmPassword(
  deps: Deps,
  claims: Pick<AccessClaims, 'userId'>,
  { password, proof }: Reauthentication,
  client: Client,
): Promise<ConfirmedUser> {
  const attempt = await countAttempt(deps, LIMITS.passwordRechecksPerAccount, claims.userId);
  const user = await deps.db.orm.users
    .where({ _id: claims.userId })
    .select('_id', 'email', 'passwordHash', 'secondFactor', 'credentialEpoch')
    .first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const { matches } = await checkPassword(deps, password, user.passwordHash);
  if (!matches) throw new AppError('WRONG_PASSWORD');
  await attempt.succeeded();
  if (user.secondFactor) {
    if (!proof) throw new AppError('SECOND_FACTOR_REQUIRED');
    await verifySecondFactor(deps, user, proof, client);
  }
  return { _id: user._id, email: user.email, secondFactor: Boolean(user.secondFactor), epoch: user.credentialEpoch ?? '' };
}
