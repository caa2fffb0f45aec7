import { AppError } from '../errors';
import type { Deps } from '../deps';

export interface Me {
  user: { id: string; email: string; createdAt: Date };
  organisation: { id: string; name: string };
}

/** The signed-in user and their organisation; selected field by field, so no hash can leak. */
export async function getMe({ db }: Deps, userId: string): Promise<Me> {
  const user = await db.orm.users.where({ _id: userId }).select('_id', 'email', 'organisationId', 'createdAt').first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const organisation = await db.orm.organisations.where({ _id: user.organisationId }).select('_id', 'name').first();
  if (!organisation) throw new AppError('UNAUTHENTICATED');
  return {
    user: { id: user._id, email: user.email, createdAt: user.createdAt },
    organisation: { id: organisation._id, name: organisation.name },
  };
}
