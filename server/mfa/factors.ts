import { audit } from '../account/audit';
import { confirmPassword, type Reauthentication } from '../account/confirm-password';
import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import { withLock } from '../lib/lock';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { hasAuthenticator, removeAuthenticator, startAuthenticator, acceptAuthenticatorCode } from './authenticator';
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
 * Keeps `users.secondFactor` equal to "has a confirmed factor", under the account's factors
 * lock so that adding one and removing another at the same moment cannot leave it wrong.
 * Returns whether the account has one.
 */
export async function settleFlag(deps: Deps, userId: string): Promise<boolean> {
  const factors = await factorsOf(deps, userId);
  const has = factors.authenticator || factors.passkeys > 0;
  await deps.db.orm.users.where({ _id: userId }).update({ secondFactor: has });
  if (!has) await deps.db.orm.recoveryCodes.where({ userId }).deleteAll();
  return has;
}

/** Step one of adding an authenticator app (password asked again): the secret to scan. */
export async function beginAuthenticatorSetup(deps: Deps, claims: AccessClaims, reauth: Reauthentication, client: Client) {
  const user = await confirmPassword(deps, claims, reauth, client);
  return startAuthenticator(deps, user);
}

/**
 * Step two: a code proves the app holds the secret. The first second factor of an account
 * comes with ten recovery codes, shown once.
 */
export function finishAuthenticatorSetup(
  deps: Deps,
  claims: AccessClaims,
  code: string,
  client: Client,
): Promise<{ recoveryCodes: string[] | null }> {
  return addSecondFactor(deps, claims, client, {
    factor: AUTHENTICATOR,
    detail: AUTHENTICATOR,
    save: async (userId) => {
      if (!(await acceptAuthenticatorCode(deps, userId, code, { confirming: true }))) throw new AppError('WRONG_CODE');
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
  await removeSecondFactor(deps, user, client, {
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
 * Stores a new factor (`save`, which refuses by throwing) under the account's factors lock,
 * settles the flag and, for the account's first factor, issues recovery codes; then the email
 * and the activity event.
 */
export async function addSecondFactor(
  deps: Deps,
  claims: AccessClaims,
  client: Client,
  { factor, detail, save }: FactorChange & { save: (userId: string) => Promise<unknown> },
): Promise<{ recoveryCodes: string[] | null }> {
  const user = await deps.db.orm.users.where({ _id: claims.userId }).select('_id', 'email').first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const codes = await withLock(deps, `factors:${user._id}`, async () => {
    await save(user._id);
    await settleFlag(deps, user._id);
    return (await recoveryCodesLeft(deps, user._id)) === 0 ? issueRecoveryCodes(deps, user._id) : null;
  });
  await deps.comms.send(user.email, { kind: 'second-factor-added', factor });
  await audit(deps, { type: 'mfa.factor_added', userId: user._id, client, detail });
  return { recoveryCodes: codes };
}

/** Removes a factor of an account whose password (and factor) was just asked again; the email says what is left. */
export async function removeSecondFactor(
  deps: Deps,
  user: { _id: string; email: string },
  client: Client,
  { factor, detail, remove }: FactorChange & { remove: () => Promise<unknown> },
): Promise<void> {
  const left = await withLock(deps, `factors:${user._id}`, async () => {
    await remove();
    return settleFlag(deps, user._id);
  });
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
