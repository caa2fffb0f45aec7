import type { AccessClaims } from '../auth/access-token';
import { checkPassword } from '../auth/passwords';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { AppError } from '../errors';
import type { Deps } from '../deps';

export interface ConfirmedUser {
  _id: string;
  email: string;
}

/**
 * The password asked again before a sensitive change. Counted before it is checked, against
 * its own per-account limit: a stolen session can neither guess freely nor, by failing, lock
 * the owner out of signing in.
 */
export async function confirmPassword(deps: Deps, claims: AccessClaims, password: string): Promise<ConfirmedUser> {
  await consumeLimit(deps, LIMITS.passwordRechecksPerAccount, claims.userId);
  const user = await deps.db.orm.users.where({ _id: claims.userId }).select('_id', 'email', 'passwordHash').first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const { matches } = await checkPassword(deps, password, user.passwordHash);
  if (!matches) throw new AppError('WRONG_PASSWORD');
  return { _id: user._id, email: user.email };
}
