import { audit, auditInBackground, auditOncePer } from '../account/audit';
import { recogniseDevice } from '../account/devices';
import { AppError } from '../errors';
import { securityEvent } from '../lib/security-log';
import type { Deps } from '../deps';
import { checkPassword, hashPassword, type PasswordCheck } from './passwords';
import { beginSignInAttempt, type SignInAttempt } from './rate-limit';
import { createSession, type Session } from './sessions';
import type { Client } from '../lib/client';

const THROTTLE_NOTE_MS = 15 * 60 * 1000;

/**
 * Email and password to a session. The attempt is counted before the password is compared;
 * unknown email, wrong password and unverified account all get the same error after the same
 * bcrypt work (the security activity of a known account is written without being waited for).
 * `browser`: the client keeps cookies, so its device can be remembered (server/account/devices.ts).
 */
export async function signIn(
  deps: Deps,
  email: string,
  password: string,
  client: Client,
  { browser }: { browser: boolean } = { browser: true },
): Promise<Session> {
  let attempt: SignInAttempt;
  try {
    attempt = await beginSignInAttempt(deps, email, client.ip);
  } catch (error) {
    if (error instanceof AppError && error.code === 'RATE_LIMITED') noteThrottled(deps, email, client);
    throw error;
  }

  const user = await deps.db.orm.users
    .where({ email })
    .select('_id', 'email', 'passwordHash', 'verified', 'firstSignInAt')
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
    if (user) auditInBackground(deps, { type: 'sign_in.failed', userId: user._id, client });
    throw new AppError('INVALID_CREDENTIALS');
  }
  await attempt.succeeded();
  if (check.needsRehash) {
    await deps.db.orm.users.where({ _id: user._id }).update({ passwordHash: await hashPassword(deps, password) });
  }
  const session = await createSession(deps, user, client);
  const device = await recogniseDevice(deps, { ...user, firstSignInAt: user.firstSignInAt ?? null }, client.device, client, {
    notify: true,
    browser,
  });
  await audit(deps, { type: 'sign_in.succeeded', userId: user._id, client, ...(device.isNew ? { detail: 'new browser' } : {}) });
  securityEvent(deps.log, 'sign_in.succeeded', { userId: user._id, sessionId: session.sessionId, ip: client.ip });
  return { ...session, ...(device.token ? { deviceToken: device.token } : {}) };
}

/** An account under attack shows it once per quarter hour, not once per refused guess. */
function noteThrottled(deps: Deps, email: string, client: Client): void {
  void (async () => {
    const user = await deps.db.orm.users.where({ email }).select('_id').first();
    if (user)
      await auditOncePer(deps, `throttled:${user._id}`, THROTTLE_NOTE_MS, {
        type: 'sign_in.throttled',
        userId: user._id,
        client,
      });
  })().catch((error: unknown) => deps.log.error('audit write failed', { type: 'sign_in.throttled', error }));
}
