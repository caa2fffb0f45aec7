import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import { asRole, type Role } from './roles';

export interface Member {
  userId: string;
  organisationId: string;
  email: string;
  role: Role;
}

/**
 * The caller's current membership, read from the database on every call: a removed member or
 * a changed role takes effect at once, not when the 15-minute access token expires.
 */
export async function loadMember({ db }: Pick<Deps, 'db'>, claims: AccessClaims): Promise<Member> {
  const user = await db.orm.users.where({ _id: claims.userId }).select('_id', 'email', 'organisationId', 'role').first();
  if (!user || user.organisationId !== claims.organisationId) throw new AppError('UNAUTHENTICATED');
  return { userId: user._id, organisationId: user.organisationId, email: user.email, role: asRole(user.role) };
}
