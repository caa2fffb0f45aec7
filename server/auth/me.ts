import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { AccessClaims } from './access-token';

export interface Me {
  user: { id: string; email: string; createdAt: Date };
  organisation: { id: string; name: string };
}

/**
 * The signed-in user and their organisation; selected field by field, so no hash can leak.
 * Both are read at once, the organisation named by the access token; should the user have
 * moved since the token was issued, theirs is read again.
 */
export async function getMe({ db }: Deps, claims: Pick<AccessClaims, 'userId' | 'organisationId'>): Promise<Me> {
  const readOrganisation = (_id: string) => db.orm.organisations.where({ _id }).select('_id', 'name').first();
  const [user, claimed] = await Promise.all([
    db.orm.users.where({ _id: claims.userId }).select('_id', 'email', 'organisationId', 'createdAt').first(),
    readOrganisation(claims.organisationId),
  ]);
  if (!user) throw new AppError('UNAUTHENTICATED');
  const organisation = claimed?._id === user.organisationId ? claimed : await readOrganisation(user.organisationId);
  if (!organisation) throw new AppError('UNAUTHENTICATED');
  return {
    user: { id: user._id, email: user.email, createdAt: user.createdAt },
    organisation: { id: organisation._id, name: organisation.name },
  };
}
