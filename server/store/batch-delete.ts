import type { Document, Filter, ObjectId } from 'mongodb';
import type { Database } from '@/prisma/db';

const BATCH = 1000;

/**
 * Deletes every document matching `filter`, a batch at a time by _id. FerretDB turns a
 * deleteMany into one DELETE naming every matching _id as a parameter, and PostgreSQL takes at
 * most 65,535 of them: one deleteMany of a large set fails every time (docs/database.md).
 */
export async function deleteInBatches(
  db: Database,
  collectionName: string,
  filter: Filter<Document>,
  /** Reads these fields of each batch too, and runs before the batch goes (what points at it leaves first). */
  before?: { fields: string[]; run: (batch: Document[]) => Promise<void> },
): Promise<void> {
  const collection = db.mongo.collection(collectionName);
  const projection = Object.fromEntries(['_id', ...(before?.fields ?? [])].map((field) => [field, 1]));
  for (;;) {
    const batch = await collection.find(filter, { projection, limit: BATCH }).toArray();
    if (batch.length === 0) return;
    await before?.run(batch);
    await deleteIdsInBatches(
      db,
      collectionName,
      batch.map(({ _id }) => _id),
    );
    if (batch.length < BATCH) return;
  }
}

/** Deletes the documents with these ids, a batch at a time (see deleteInBatches). */
export async function deleteIdsInBatches(db: Database, collectionName: string, ids: ObjectId[]): Promise<void> {
  for (let start = 0; start < ids.length; start += BATCH) {
    await db.mongo.collection(collectionName).bulkWrite(
      ids.slice(start, start + BATCH).map((_id) => ({ deleteOne: { filter: { _id } } })),
      { ordered: false },
    );
  }
}
