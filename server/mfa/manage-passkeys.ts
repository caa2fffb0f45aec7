import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { audit } from '../account/audit';
import { confirmPassword, type Reauthentication } from '../account/confirm-password';
import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import { withLock } from '../lib/lock';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { settleFlag } from './factors';
import { ownPasskey, passkeyCreationOptions, passkeysOf, savePasskey, type PasskeyView } from './passkeys';
import { issueRecoveryCodes, recoveryCodesLeft } from './recovery-codes';

const PASSKEY = 'passkey';

export function listPasskeys(deps: Deps, claims: AccessClaims): Promise<PasskeyView[]> {
  return passkeysOf(deps, claims.userId);
}

/** Step one of adding a passkey (password asked again, and a factor if there is one): the options for the browser. */
export async function beginPasskeySetup(deps: Deps, claims: AccessClaims, reauth: Reauthentication, client: Client) {
  const user = await confirmPassword(deps, claims, reauth, client);
  return passkeyCreationOptions(deps, user);
}

/** Step two: the browser's new credential, checked against the challenge; the first factor brings recovery codes. */
export async function finishPasskeySetup(
  deps: Deps,
  claims: AccessClaims,
  name: string,
  response: RegistrationResponseJSON,
  client: Client,
): Promise<{ recoveryCodes: string[] | null }> {
  const user = await deps.db.orm.users.where({ _id: claims.userId }).select('_id', 'email').first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const codes = await withLock(deps, `factors:${user._id}`, async () => {
    await savePasskey(deps, user._id, name, response);
    await settleFlag(deps, user._id);
    return (await recoveryCodesLeft(deps, user._id)) === 0 ? issueRecoveryCodes(deps, user._id) : null;
  });
  await deps.comms.send(user.email, { kind: 'second-factor-added', factor: PASSKEY });
  await audit(deps, { type: 'mfa.factor_added', userId: user._id, client, detail: `${PASSKEY} “${name}”` });
  return { recoveryCodes: codes };
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
  const left = await withLock(deps, `factors:${user._id}`, async () => {
    await deps.db.orm.passkeys.where({ _id: passkey._id }).delete();
    return settleFlag(deps, user._id);
  });
  await deps.comms.send(user.email, { kind: 'second-factor-removed', factor: PASSKEY, factorsLeft: left });
  await audit(deps, { type: 'mfa.factor_removed', userId: user._id, client, detail: `${PASSKEY} “${passkey.name}”` });
}
