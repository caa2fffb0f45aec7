import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { confirmPassword, type Reauthentication } from '../account/confirm-password';
import type { AccessClaims } from '../auth/access-token';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { addSecondFactor, beginFactorSetup, removeSecondFactor } from './factors';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { ownPasskey, passkeyCreationOptions, passkeyRequestOptions, passkeysOf, savePasskey, type PasskeyView } from './passkeys';

const PASSKEY = 'passkey';

export function listPasskeys(deps: Deps, claims: AccessClaims): Promise<PasskeyView[]> {
  return passkeysOf(deps, claims.userId);
}

/**
 * Step one of adding a passkey (password asked again, and a factor if there is one, or the
 * emailed grant for a first factor): the options for the browser.
 */
export function beginPasskeySetup(deps: Deps, claims: AccessClaims, reauth: Reauthentication, client: Client, grant?: string) {
  return beginFactorSetup(deps, claims, reauth, client, grant, (user) => passkeyCreationOptions(deps, user, user.epoch));
}

/** Step two: the browser's new credential, checked against the challenge; the first factor brings recovery codes. */
export function finishPasskeySetup(
  deps: Deps,
  claims: AccessClaims,
  name: string,
  response: RegistrationResponseJSON,
  client: Client,
  grant?: string,
): Promise<{ recoveryCodes: string[] | null }> {
  return addSecondFactor(deps, claims, client, grant, {
    factor: PASSKEY,
    detail: `${PASSKEY} “${name}”`,
    save: (userId, epoch) => savePasskey(deps, userId, name, response, epoch),
  });
}

export async function renamePasskey(deps: Deps, claims: AccessClaims, id: string, name: string): Promise<void> {
  const passkey = await ownPasskey(deps, claims.userId, id);
  await deps.db.orm.passkeys.where({ _id: passkey._id }).update({ name });
}

/** Removes a passkey (password and a second factor asked again); with no factor left, the recovery codes go too. */
export async function removePasskey(
  deps: Deps,
  claims: AccessClaims,
  id: string,
  reauth: Reauthentication,
  client: Client,
): Promise<void> {
  const passkey = await ownPasskey(deps, claims.userId, id);
  const user = await confirmPassword(deps, claims, reauth, client);
  await removeSecondFactor(deps, claims, user, client, {
    factor: PASSKEY,
    detail: `${PASSKEY} “${passkey.name}”`,
    remove: () => deps.db.orm.passkeys.where({ _id: passkey._id }).delete(),
  });
}

/** Options for a step-up by passkey: a challenge naming this account's passkeys, stored, so counted per account. */
export async function stepUpPasskeyOptions(deps: Deps, claims: AccessClaims) {
  await consumeLimit(deps, LIMITS.challengesPerAccount, claims.userId);
  return passkeyRequestOptions(deps, 'second-factor', claims.userId);
}
