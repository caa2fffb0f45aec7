import type { Deps } from '../deps';
import { displayNameOf } from '../account/display-name';

export const DELETED_USER = 'deleted user';

/** The display names of the people some tasks or comments name, each read by _id (at once): a page has few. */
export async function namesOf(db: Deps['db'], ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((_id) => db.orm.users.where({ _id }).select('email', 'name').first()));
  return new Map(unique.map((id, i) => [id, users[i] ? displayNameOf(users[i]) : DELETED_USER]));
}
