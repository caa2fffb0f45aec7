import { audit } from '../account/audit';
import { knownDeviceKey } from '../account/devices';
import { countAttempt, LIMITS } from '../auth/rate-limit';
import { AppError } from '../errors';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { acceptAuthenticatorCode } from './authenticator';
import { verifyPasskey } from './passkeys';
import { recoveryCodesLeft, spendRecoveryCode } from './recovery-codes';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';

/** What proves the second factor: a code from the authenticator app, a passkey, or one recovery code. */
export type SecondFactorProof = { code: string } | { recoveryCode: string } | { passkey: AuthenticationResponseJSON };

/**
 * Whose budget of wrong codes an attempt spends: a browser the account knows has one of its own,
 * every other client shares one. So someone who knows the password and guesses from their own
 * browser spends only the shared budget, and never blocks the owner's known browser.
 */
async function budgetOf(deps: Deps, userId: string, client: Client): Promise<string> {
  return (await knownDeviceKey(deps, userId, client.device)) ?? `${userId}:unknown-devices`;
}

/**
 * Checks a second factor of the account (the sign-in's second step and every step-up).
 * A passkey's challenge must have been issued for this account (`passkeyRequestOptions`).
 * Counted before it is checked, against the client's budget (`budgetOf`); only wrong ones stay
 * counted. A recovery code used is emailed and recorded: it is the one a thief holding the list
 * would use. Returns when the factor that passed was added.
 */
export async function verifySecondFactor(
  deps: Deps,
  user: { _id: string; email: string },
  proof: SecondFactorProof,
  client: Client,
): Promise<{ factorAddedAt: Date | null }> {
  const attempt = await countAttempt(deps, LIMITS.secondFactorFailuresPerDevice, await budgetOf(deps, user._id, client));
  if ('passkey' in proof) {
    // Refused (PASSKEY_REFUSED) before the attempt is taken back: a failed passkey counts like a wrong code.
    const passkey = await verifyPasskey(deps, proof.passkey, 'second-factor', user._id);
    await attempt.succeeded();
    return { factorAddedAt: passkey.createdAt };
  }
  const addedAt =
    'code' in proof
      ? await acceptAuthenticatorCode(deps, user._id, proof.code)
      : await spendRecoveryCode(deps, user._id, proof.recoveryCode);
  if (!addedAt) throw new AppError('WRONG_CODE');
  await attempt.succeeded();
  if ('recoveryCode' in proof) {
    const left = await recoveryCodesLeft(deps, user._id);
    await deps.comms.send(user.email, { kind: 'recovery-code-used', codesLeft: left });
    await audit(deps, { type: 'mfa.recovery_code_used', userId: user._id, client, detail: `${left} left` });
  }
  return { factorAddedAt: addedAt };
}
