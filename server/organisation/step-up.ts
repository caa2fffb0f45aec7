import { confirmPassword } from '../account/confirm-password';
import { AppError } from '../errors';
import { reauthOf } from '../mfa/inputs';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import type { Member } from './membership';

/** The password and second factor a call carried, when its procedure asks for them (optional where only some calls need them). */
export type StepUpInput = Omit<Parameters<typeof reauthOf>[0], 'password'> & { password?: string | undefined };

/**
 * Organisation-level power (turning the second-factor policy off, transferring ownership,
 * deleting the organisation, making someone an owner) asks what the account's sensitive changes
 * ask: the password, and a second factor when the account has one. A stolen owner session alone
 * cannot take or destroy an organisation. Asked before any lock is taken: hashing is slow.
 */
export async function stepUp(deps: Deps, member: Member, input: StepUpInput, client: Client): Promise<void> {
  if (!input.password) throw new AppError('WRONG_PASSWORD');
  await confirmPassword(deps, { userId: member.userId }, reauthOf({ ...input, password: input.password }), client);
}
