import { audit } from '../account/audit';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Member } from './membership';
import type { Client } from '../lib/client';
import { stepUp, type StepUpInput } from './step-up';

/**
 * Owners can ask every member for a second factor (docs/mfa.md). The policy is kept on the
 * organisation and copied onto each membership, which every call reads anyway; a member who
 * joins at the same moment re-reads it after joining (addMembership). An owner must have a
 * second factor before requiring one, or they would lock themselves out.
 */
export async function setSecondFactorPolicy(
  deps: Deps,
  member: Member,
  required: boolean,
  input: StepUpInput,
  client: Client,
): Promise<void> {
  if (member.role !== 'owner') throw new AppError('FORBIDDEN');
  // Turning the policy off weakens every member's account: a stolen owner session is not enough.
  if (!required) await stepUp(deps, member, input, client);
  if (required) {
    const me = await deps.db.orm.users.where({ _id: member.userId }).select('secondFactor').first();
    if (!me?.secondFactor) throw new AppError('OWNER_NEEDS_SECOND_FACTOR');
  }
  await deps.db.orm.organisations.where({ _id: member.organisationId }).update({ requireSecondFactor: required });
  await deps.db.orm.memberships.where({ organisationId: member.organisationId }).updateAll({ requireSecondFactor: required });
  await audit(deps, {
    type: 'organisation.second_factor_policy',
    organisationId: member.organisationId,
    actorId: member.userId,
    actorEmail: member.email,
    detail: required ? 'required' : 'not required',
  });
}
