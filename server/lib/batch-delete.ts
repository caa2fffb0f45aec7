import type { Filter, Document } from 'mongodb';
import type { Database } from '@/prisma/db';

const BATCH = 1000;

/**
 * Deletes every document matching `filter`, a batch at a time by _id. FerretDB turns a
 * deleteMany into one DELETE naming every matching _id as a parameter, and PostgreSQL takes at
 * most 65,535 of them: one deleteMany of a large set fails every time (docs/database.md).
 */
export async function deleteInBatches(db: Database, collectionName: string, filter: Filter<Document>): Promise<void> {
  const collection = db.mongo.collection(collectionName);
  for (;;) {
    const batch = await collection.find(filter, { projection: { _id: 1 }, limit: BATCH }).toArray();
    if (batch.length === 0) return;
    await collection.bulkWrite(
      batch.map(({ _id }) => ({ deleteOne: { filter: { _id } } })),
      { ordered: false },
    );
    if (batch.length < BATCH) return;
  }
}
