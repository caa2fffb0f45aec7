import type { Database } from '@/prisma/db';

/**
 * The one field a membership is read by, unique per person and organisation. One field, not a
 * filter on (userId, organisationId): the embedded FerretDB runs a filter of two fields in Go
 * over every membership, while one field reaches PostgreSQL's index (docs/database.md).
 */
export const membershipKey = (userId: string, organisationId: string) => `${userId}:${organisationId}`;

/** Whether `userId` belongs to the organisation: one read by the membership's key. */
export async function isMember(db: Database, organisationId: string, userId: string): Promise<boolean> {
  return (
    (await db.orm.memberships
      .where({ key: membershipKey(userId, organisationId) })
      .select('_id')
      .first()) !== null
  );
}
