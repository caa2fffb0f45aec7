import { ObjectId } from 'mongodb';
import type { Database } from '@/prisma/db';
import { deleteIdsInBatches } from './batch-delete';

/**
 * Deletes a person's own security events, keeping organisation events that name them. Read by
 * the one field `userId` and told apart here: a filter on two fields runs in Go over the whole
 * collection on the embedded FerretDB (docs/database.md).
 */
export async function deleteOwnAccountEvents(db: Database, userId: string): Promise<void> {
  const events = await db.mongo
    .collection('auditEvents')
    .find({ userId: new ObjectId(userId) }, { projection: { _id: 1, organisationId: 1 } })
    .toArray();
  await deleteIdsInBatches(
    db,
    'auditEvents',
    events.filter((event) => event['organisationId'] === null).map((event) => event._id),
  );
}
