import { AppError } from '../errors';
import { securityEvent } from '../lib/security-log';
import type { Deps } from '../deps';
import { checkPassword, hashPassword, type PasswordCheck } from './passwords';
import { beginSignInAttempt } from './rate-limit';
import { createSession, type Session } from './sessions';
import type { Client } from '../lib/client';

/**
 * Email and password to a session. The attempt is counted before the password is compared;
 * unknown email, wrong password and unverified account all get the same error after the same
 * bcrypt work.
 */
export async function signIn(deps: Deps, email: string, password: string, client: Client): Promise<Session> {
  const attempt = await beginSignInAttempt(deps, email, client.ip);

  const user = await deps.db.orm.users
    .where({ email })
    .select('_id', 'email', 'organisationId', 'passwordHash', 'verified')
    .first();
  let check: PasswordCheck;
  try {
    check = await checkPassword(deps, password, user?.passwordHash ?? null);
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
  if (!user || !check.matches || !user.verified) {
    securityEvent(deps.log, 'sign_in.failed', { ip: client.ip, ...(user ? { userId: user._id } : {}) });
    throw new AppError('INVALID_CREDENTIALS');
  }
  await attempt.succeeded();
  if (check.needsRehash) {
    await deps.db.orm.users.where({ _id: user._id }).update({ passwordHash: await hashPassword(deps, password) });
  }
  const session = await createSession(deps, user, client);
  securityEvent(deps.log, 'sign_in.succeeded', { userId: user._id, sessionId: session.sessionId, ip: client.ip });
  return session;
}
