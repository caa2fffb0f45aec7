import { AppError } from '../errors';
import type { Deps } from '../services';
import { passwordMatches } from './passwords';
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure } from './rate-limit';
import { createSession, type Session } from './sessions';
import type { Client } from './sign-up';
import { sweepExpiredSoon } from './sweep';

/**
 * Email and password to a session. Unknown email, wrong password and unverified account
 * all get the same error after the same bcrypt work.
 */
export async function signIn(deps: Deps, email: string, password: string, client: Client): Promise<Session> {
  await assertSignInAllowed(deps, email, client.ip);
  sweepExpiredSoon(deps);

  const user = await deps.db.orm.users
    .where({ email })
    .select('_id', 'email', 'organisationId', 'passwordHash', 'verified')
    .first();
  const matches = await passwordMatches(deps, password, user?.passwordHash ?? null);
  if (!user || !matches || !user.verified) {
    await recordSignInFailure(deps, email, client.ip);
    throw new AppError('INVALID_CREDENTIALS');
  }
  await clearSignInFailures(deps, email);
  return createSession(deps, user, client);
}
