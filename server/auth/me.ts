import { displayNameOf } from '../account/display-name';
import { AppError } from '../errors';
import { membershipsOf } from '../organisation/membership';
import { asRole, type Role } from '../organisation/roles';
import type { Deps } from '../deps';
import type { AccessClaims } from './access-token';

export interface Me {
  /** `name`: what others see (the email's local part until the person names themselves). */
  user: { id: string; email: string; name: string; createdAt: Date };
  /** Every organisation the person belongs to, oldest membership first. */
  /** `requireSecondFactor`: the organisation asks every member for one (docs/mfa.md). */
  /** `timeZone`: the IANA zone its due days are read in. */
  organisations: { id: string; name: string; role: Role; requireSecondFactor: boolean; timeZone: string }[];
}

/**
 * The signed-in user and their organisations, read at once (memberships carry their
 * organisation's name); selected field by field, so no hash can leak.
 */
export async function getMe(deps: Deps, claims: Pick<AccessClaims, 'userId'>): Promise<Me> {
  const [user, memberships] = await Promise.all([
    deps.db.orm.users.where({ _id: claims.userId }).select('_id', 'email', 'name', 'createdAt').first(),
    membershipsOf(deps, claims.userId),
  ]);
  if (!user) throw new AppError('UNAUTHENTICATED');
  return {
    user: { id: user._id, email: user.email, name: displayNameOf(user), createdAt: user.createdAt },
    organisations: memberships
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((m) => ({
        id: m.organisationId,
        name: m.organisationName,
        role: asRole(m.role),
        requireSecondFactor: Boolean(m.requireSecondFactor),
        timeZone: m.timeZone ?? 'UTC',
      })),
  };
}
