import { audit, auditInBackground, auditOncePer } from '../account/audit';
import { recogniseDevice } from '../account/devices';
import { AppError, isAppErrorCode } from '../errors';
import { securityEvent } from '../lib/security-log';
import type { Deps } from '../deps';
import { checkPassword, hashPassword, type PasswordCheck } from './passwords';
import { beginSignInAttempt, consumeLimit, LIMITS, type SignInAttempt } from './rate-limit';
import { openSessionUnder, type Session } from './sessions';
import { issueSecondStep, passSecondStep, type SecondStep } from '../mfa/second-step';
import type { SecondFactorProof } from '../mfa/verify-factor';
import { passkeyRequestOptions, verifyPasskey } from '../mfa/passkeys';
import { cancelRecoveryOnSignIn, noticeRecoveryAtSignIn } from '../mfa/factor-recovery';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Client } from '../lib/client';

const THROTTLE_NOTE_MS = 15 * 60 * 1000;

/**
 * Email and password to a session, or to the second step when the account has a second
 * factor (server/mfa/second-step.ts). The attempt is counted before the password is compared;
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
): Promise<Session | SecondStep> {
  // The account is read alongside the attempt's count (one round trip fewer before the hash);
  // a refused attempt never looks at it.
  const [counted, user] = await Promise.all([
    beginSignInAttempt(deps, email, client.ip).then(
      (attempt): { attempt: SignInAttempt } | { refused: unknown } => ({ attempt }),
      (refused: unknown) => ({ refused }),
    ),
    deps.db.orm.users
      .where({ email })
      .select('_id', 'email', 'passwordHash', 'verified', 'firstSignInAt', 'secondFactor', 'credentialEpoch')
      .first(),
  ]);
  if ('refused' in counted) {
    if (isAppErrorCode(counted.refused, 'RATE_LIMITED')) noteThrottled(deps, email, client);
    throw counted.refused;
  }
  const { attempt } = counted;
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
  const epoch = user.credentialEpoch ?? '';
  if (user.secondFactor) {
    const step = await issueSecondStep(deps, user._id, browser, epoch);
    await noticeRecoveryAtSignIn(deps, user, client);
    return step;
  }
  return openSession(deps, { ...user, firstSignInAt: user.firstSignInAt ?? null }, client, browser, epoch);
}

/** The second step of a sign-in: a code or a recovery code, then the session. */
export async function completeSignIn(deps: Deps, token: string, proof: SecondFactorProof, client: Client): Promise<Session> {
  const passed = await passSecondStep(deps, token, proof, client);
  await cancelRecoveryOnSignIn(deps, passed.user, passed.factorAddedAt);
  return openSession(deps, passed.user, client, passed.browser, passed.epoch);
}

/** Options for "Sign in with a passkey" (any passkey of this site: it names its account). Counted per IP. */
export async function passkeySignInOptions(deps: Deps, client: Client) {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  return passkeyRequestOptions(deps, 'sign-in', null);
}

/** A passkey verified by its device (PIN or biometrics) is both factors at once: a session, no password. */
export async function signInWithPasskey(
  deps: Deps,
  response: AuthenticationResponseJSON,
  client: Client,
  { browser }: { browser: boolean },
): Promise<Session> {
  const { userId, createdAt } = await verifyPasskey(deps, response, 'sign-in', null);
  const user = await deps.db.orm.users
    .where({ _id: userId })
    .select('_id', 'email', 'verified', 'firstSignInAt', 'credentialEpoch')
    .first();
  if (!user?.verified) throw new AppError('PASSKEY_REFUSED');
  await cancelRecoveryOnSignIn(deps, user, createdAt);
  const signedIn = { _id: user._id, email: user.email, firstSignInAt: user.firstSignInAt ?? null };
  return openSession(deps, signedIn, client, browser, user.credentialEpoch ?? '');
}

async function openSession(
  deps: Deps,
  user: { _id: string; email: string; firstSignInAt: Date | null },
  client: Client,
  browser: boolean,
  epoch: string,
): Promise<Session> {
  const session = await openSessionUnder(deps, user, client, epoch);
  const device = await recogniseDevice(deps, user, client.device, client, { notify: true, browser });
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
