import { audit } from '../account/audit';
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
 * Checks a second factor of the account (the sign-in's second step and every step-up).
 * A passkey's challenge must have been issued for this account (`passkeyRequestOptions`).
 * Counted against the account before it is checked; only wrong ones stay counted. A recovery
 * code used is emailed and recorded: it is the one a thief holding the list would use.
 */
export async function verifySecondFactor(
  deps: Deps,
  user: { _id: string; email: string },
  proof: SecondFactorProof,
  client: Client,
): Promise<void> {
  const attempt = await countAttempt(deps, LIMITS.secondFactorFailuresPerAccount, user._id);
  if ('passkey' in proof) {
    // Refused (PASSKEY_REFUSED) before the attempt is taken back: a failed passkey counts like a wrong code.
    await verifyPasskey(deps, proof.passkey, 'second-factor', user._id);
    await attempt.succeeded();
    return;
  }
  const right =
    'code' in proof
      ? await acceptAuthenticatorCode(deps, user._id, proof.code)
      : await spendRecoveryCode(deps, user._id, proof.recoveryCode);
  if (!right) throw new AppError('WRONG_CODE');
  await attempt.succeeded();
  if ('recoveryCode' in proof) {
    const left = await recoveryCodesLeft(deps, user._id);
    await deps.comms.send(user.email, { kind: 'recovery-code-used', codesLeft: left });
    await audit(deps, { type: 'mfa.recovery_code_used', userId: user._id, client, detail: `${left} left` });
  }
}
