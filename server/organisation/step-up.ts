import { confirmPassword } from '../account/confirm-password';
import { AppError } from '../errors';
import { proofOf } from '../mfa/inputs';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import type { Member } from './membership';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';

/** The password and second factor a call carried, when its procedure asks for them. */
export interface StepUpInput {
  password?: string | undefined;
  code?: string | undefined;
  recoveryCode?: string | undefined;
  passkey?: AuthenticationResponseJSON | undefined;
}

/**
 * Organisation-level power (turning the second-factor policy off, transferring ownership,
 * deleting the organisation, making someone an owner) asks what the account's sensitive changes
 * ask: the password, and a second factor when the account has one. A stolen owner session alone
 * cannot take or destroy an organisation. Asked before any lock is taken: hashing is slow.
 */
export async function stepUp(deps: Deps, member: Member, input: StepUpInput, client: Client): Promise<void> {
  if (!input.password) throw new AppError('WRONG_PASSWORD');
  await confirmPassword(deps, { userId: member.userId }, { password: input.password, proof: proofOf(input) }, client);
}
