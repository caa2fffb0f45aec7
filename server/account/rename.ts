import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import type { Deps } from '../deps';

/** Changes the name others see. Not a credential: it proves nothing and needs no step-up. */
export async function setDisplayName(
  { db }: Pick<Deps, 'db'>,
  claims: Pick<AccessClaims, 'userId'>,
  name: string,
): Promise<void> {
  const updated = await db.orm.users.where({ _id: claims.userId }).update({ name });
  if (!updated) throw new AppError('UNAUTHENTICATED');
}
