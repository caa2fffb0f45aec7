import { audit } from '../account/audit';
import { confirmPassword, type ConfirmedUser, type Reauthentication } from '../account/confirm-password';
import { credentialEvent, readCredentials } from '../account/credentials';
import type { AccessClaims } from '../auth/access-token';
import { consumeLimit, countAttempt, LIMITS } from '../auth/rate-limit';
import { revokeUserSessions } from '../auth/sessions';
import { AppError } from '../errors';
import { withLock } from '../store/locks';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import {
  acceptAuthenticatorCode,
  hasAuthenticator,
  pendingAuthenticatorEpoch,
  removeAuthenticator,
  startAuthenticator,
} from './authenticator';
import { assertFactorGrant, emailFactorGrant, spendFactorGrant } from './factor-grants';
import { passkeysOf } from './passkeys';
import { issueRecoveryCodes, recoveryCodesLeft } from './recovery-codes';

const AUTHENTICATOR = 'authenticator app';

export interface SecondFactorStatus {
  authenticator: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/** Which second factors an account has (the second step and the account page offer those). */
export async function factorsOf(deps: Pick<Deps, 'db'>, userId: string): Promise<SecondFactorStatus> {
  const [authenticator, passkeys, left] = await Promise.all([
    hasAuthenticator(deps, userId),
    passkeysOf(deps, userId),
    recoveryCodesLeft(deps, userId),
  ]);
  return { authenticator, passkeys: passkeys.length, recoveryCodesLeft: left };
}

export function secondFactorStatus(deps: Pick<Deps, 'db'>, claims: AccessClaims): Promise<SecondFactorStatus> {
  return factorsOf(deps, claims.userId);
}

/**
 * Keeps `users.secondFactor` equal to "has a confirmed factor", as a credential event (a new
 * epoch: server/account/credentials.ts), under the account's factors lock so that adding one and
 * removing another at the same moment cannot leave it wrong. `expectEpoch`: the epoch the change
 * began under; a credential event since (a reset, an undo) refuses it. Returns whether the
 * account has a factor.
 */
export async function settleFlag(deps: Deps, userId: string, expectEpoch?: string): Promise<boolean> {
  const account = await credentialEvent(deps, userId, async (now) => {
    if (expectEpoch !== undefined && now.epoch !== expectEpoch) throw new AppError('CREDENTIALS_CHANGED');
    const factors = await factorsOf(deps, userId);
    return { secondFactor: factors.authenticator || factors.passkeys > 0 };
  });
  if (!account.secondFactor) await deps.db.orm.recoveryCodes.where({ userId }).deleteAll();
  return account.secondFactor;
}

export type SetupStart<T> = T | { confirmByEmail: true; sentTo: string };

/**
 * The password (and a factor, if the account has one) asked again before adding a factor. An
 * account with none needs more: a link from its address (`grant`); without one, the link is
 * emailed and the reply says so.
 */
export async function beginFactorSetup<T>(
  deps: Deps,
  claims: AccessClaims,
  reauth: Reauthentication,
  client: Client,
  grant: string | undefined,
  start: (user: ConfirmedUser) => Promise<T>,
): Promise<SetupStart<T>> {
  // Each call stores a secret or a challenge (or emails a link): counted, right password or not.
  await consumeLimit(deps, LIMITS.challengesPerAccount, claims.userId);
  const user = await confirmPassword(deps, claims, reauth, client);
  if (!user.secondFactor) {
    if (!grant) return { confirmByEmail: true, ...(await emailFactorGrant(deps, user, client)) };
    await assertFactorGrant(deps, user._id, grant);
  }
  return start(user);
}

/** Step one of adding an authenticator app: the secret to scan. */
export function beginAuthenticatorSetup(
  deps: Deps,
  claims: AccessClaims,
  reauth: Reauthentication,
  client: Client,
  grant?: string,
) {
  return beginFactorSetup(deps, claims, reauth, client, grant, (user) => startAuthenticator(deps, user, user.epoch));
}

/**
 * Step two: a code proves the app holds the secret (wrong codes are limited like sign-in's).
 * The first second factor of an account comes with ten recovery codes, shown once.
 */
export async function finishAuthenticatorSetup(
  deps: Deps,
  claims: AccessClaims,
  code: string,
  client: Client,
  grant?: string,
): Promise<{ recoveryCodes: string[] | null }> {
  const epoch = await pendingAuthenticatorEpoch(deps, claims.userId);
  if (epoch === null) throw new AppError('WRONG_CODE');
  return addSecondFactor(deps, claims, client, grant, {
    factor: AUTHENTICATOR,
    detail: AUTHENTICATOR,
    epoch,
    save: async (userId) => {
      const attempt = await countAttempt(deps, LIMITS.enrolmentCodeFailuresPerAccount, userId);
      if (!(await acceptAuthenticatorCode(deps, userId, code, { confirming: true }))) throw new AppError('WRONG_CODE');
      await attempt.succeeded();
    },
  });
}

/** Removes the authenticator app (password and a code asked again); with no factor left, the recovery codes go too. */
export async function removeAuthenticatorFactor(
  deps: Deps,
  claims: AccessClaims,
  reauth: Reauthentication,
  client: Client,
): Promise<void> {
  const user = await confirmPassword(deps, claims, reauth, client);
  await removeSecondFactor(deps, claims, user, client, {
    factor: AUTHENTICATOR,
    detail: AUTHENTICATOR,
    remove: () => removeAuthenticator(deps, user._id),
  });
}

interface FactorChange {
  /** As the emails name it. */
  factor: string;
  /** As the security activity shows it. */
  detail: string;
}

/**
 * Stores a new factor (`save`, which refuses by throwing) under the account's factors lock, then
 * settles the flag as a credential event, refused when one has happened since the setup began
 * (`epoch`; the factor just saved goes again). An account's first factor spends the emailed grant
 * and brings recovery codes. Every other session ends; then the email and the activity event.
 */
export async function addSecondFactor(
  deps: Deps,
  claims: AccessClaims,
  client: Client,
  grant: string | undefined,
  change: FactorChange & {
    /** The epoch the setup began under, when known before saving (else `save` checks it). */
    epoch?: string;
    save: (userId: string, epoch: string) => Promise<unknown>;
  },
): Promise<{ recoveryCodes: string[] | null }> {
  const { factor, detail, save } = change;
  const user = await readCredentials(deps, claims.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  const epoch = change.epoch ?? user.epoch;
  if (user.epoch !== epoch) throw new AppError('CREDENTIALS_CHANGED');
  const codes = await withLock(deps, `factors:${user._id}`, async () => {
    const before = await factorsOf(deps, user._id);
    const first = !before.authenticator && before.passkeys === 0;
    if (first) await assertFactorGrant(deps, user._id, grant);
    const saved = await save(user._id, epoch);
    try {
      // Spent once the factor is saved: a wrong code does not use the emailed link up.
      if (first) await spendFactorGrant(deps, user._id, grant);
      await settleFlag(deps, user._id, epoch);
    } catch (error) {
      await undoSave(deps, user._id, saved);
      throw error;
    }
    return before.recoveryCodesLeft === 0 ? issueRecoveryCodes(deps, user._id) : null;
  });
  await revokeUserSessions(deps, user._id, 'second factor added', claims.sessionId);
  await deps.comms.send(user.email, { kind: 'second-factor-added', factor });
  await audit(deps, { type: 'mfa.factor_added', userId: user._id, client, detail });
  return { recoveryCodes: codes };
}

/** A factor saved by a change that a credential event then overtook. */
async function undoSave({ db }: Deps, userId: string, saved: unknown): Promise<void> {
  const passkeyId = (saved as { id?: string } | undefined)?.id;
  if (passkeyId) await db.orm.passkeys.where({ _id: passkeyId }).delete();
  else await db.orm.totpFactors.where({ userId }).deleteAll();
}

/**
 * Removes a factor of an account whose password (and factor) was just asked again, as a
 * credential event; every other session ends, and the email says what is left.
 */
export async function removeSecondFactor(
  deps: Deps,
  claims: AccessClaims,
  user: { _id: string; email: string },
  client: Client,
  { factor, detail, remove }: FactorChange & { remove: () => Promise<unknown> },
): Promise<void> {
  const left = await withLock(deps, `factors:${user._id}`, async () => {
    await remove();
    return settleFlag(deps, user._id);
  });
  await revokeUserSessions(deps, user._id, 'second factor removed', claims.sessionId);
  await deps.comms.send(user.email, { kind: 'second-factor-removed', factor, factorsLeft: left });
  await audit(deps, { type: 'mfa.factor_removed', userId: user._id, client, detail });
}

/** Ten new recovery codes (password and a code asked again); the old ones stop working. */
export async function regenerateRecoveryCodes(
  deps: Deps,
  claims: AccessClaims,
  reauth: Reauthentication,
  client: Client,
): Promise<{ recoveryCodes: string[] }> {
  const user = await confirmPassword(deps, claims, reauth, client);
  if (!user.secondFactor) throw new AppError('FORBIDDEN');
  const codes = await withLock(deps, `factors:${user._id}`, () => issueRecoveryCodes(deps, user._id));
  await audit(deps, { type: 'mfa.recovery_codes_regenerated', userId: user._id, client });
  return { recoveryCodes: codes };
}
