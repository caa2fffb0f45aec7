import { organisationActivity, type ActivityView } from '../account/audit';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Member } from './membership';
import { canManageMembers } from './roles';

/** The organisation's recent membership, role and invitation events (owners and admins). */
export async function listOrganisationActivity(deps: Deps, member: Member): Promise<ActivityView[]> {
  if (!canManageMembers(member.role)) throw new AppError('FORBIDDEN');
  return organisationActivity(deps, member.organisationId);
}
