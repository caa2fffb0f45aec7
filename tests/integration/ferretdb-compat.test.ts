// What FerretDB v1.24.2 refuses or does differently from MongoDB, as docs/database.md states it.
// If an upgrade changes any of these, this file fails and the document needs revisiting.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let client: MongoClient;
let db: Db;
let url: string;
beforeAll(async () => {
  url = process.env['TEST_DATABASE_URL']!.replace(/\/[^/]*$/, `/compat_${randomBytes(4).toString('hex')}`);
  client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  db = client.db();
  const info = await db.admin().command({ buildInfo: 1 });
  expect(info).toHaveProperty('ferretdbVersion'); // these facts are about FerretDB
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('FerretDB v1 compared with MongoDB', () => {
  it('loses one of two updates of one document at once, even of different fields (server/store/task-order.ts, updateTaskAlone)', async () => {
    const docs = db.collection('racing');
    let lost = 0;
    for (let i = 0; i < 50; i++) {
      const { insertedId } = await docs.insertOne({ a: 0, b: 0 });
      await Promise.all([
        docs.updateOne({ _id: insertedId }, { $set: { a: 1 } }),
        docs.updateOne({ _id: insertedId }, { $set: { b: 1 } }),
      ]);
      const doc = await docs.findOne({ _id: insertedId });
      if (doc?.['a'] !== 1 || doc['b'] !== 1) lost++;
    }
    // MongoDB applies both, always; FerretDB reads, changes and writes back the whole document.
    expect(lost).toBeGreaterThan(0);
  });

  it('refuses $jsonSchema validators, so Prisma cannot install the contract validators', async () => {
    await expect(db.createCollection('validated', { validator: { $jsonSchema: { bsonType: 'object' } } })).rejects.toThrow(
      /not implemented/,
    );
    await db.createCollection('plain');
    await expect(db.command({ collMod: 'plain', validator: { $jsonSchema: { bsonType: 'object' } } })).rejects.toThrow(
      /not implemented/,
    );
  });

  it('refuses $expr, which `prisma db init` uses to read its marker', async () => {
    await db.collection('plain').insertOne({ a: 1 });
    await expect(
      db
        .collection('plain')
        .find({ $expr: { $eq: ['$a', 1] } })
        .toArray(),
    ).rejects.toThrow(/\$eq is not implemented/);
    const cli = spawnSync('npx', ['prisma', 'db', 'init', '--db', url, '--json', '--no-interactive'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status).not.toBe(0);
    expect(cli.stdout + cli.stderr).toContain('CONTRACT.MARKER_READ_FAILED');
  }, 90_000);

  it('has no TTL indexes, partial indexes, $lookup or transactions', async () => {
    const c = db.collection('plain');
    await expect(c.createIndex({ e: 1 }, { expireAfterSeconds: 0 })).rejects.toThrow(/not implemented/);
    await expect(c.createIndex({ p: 1 }, { partialFilterExpression: { p: { $exists: true } } })).rejects.toThrow(
      /not implemented/,
    );
    await expect(
      c.aggregate([{ $lookup: { from: 'x', localField: 'a', foreignField: 'b', as: 'y' } }]).toArray(),
    ).rejects.toThrow(/not implemented/);
    const session = client.startSession();
    await expect(session.withTransaction(() => c.insertOne({ t: 1 }, { session }))).rejects.toThrow();
    await session.endSession();
  });

  it('lets concurrent findOneAndDelete calls all return the same document, but counts deletes exactly', async () => {
    const c = db.collection('race');
    let shared = 0;
    let exactDeletes = 0;
    for (let i = 0; i < 10; i++) {
      await c.insertMany([{ k: i }, { d: i }]);
      const found = await Promise.all([1, 2, 3].map(() => c.findOneAndDelete({ k: i })));
      if (found.filter(Boolean).length > 1) shared++;
      const deleted = await Promise.all([1, 2, 3].map(() => c.deleteOne({ d: i })));
      if (deleted.filter((r) => r.deletedCount === 1).length === 1) exactDeletes++;
    }
    expect(shared).toBeGreaterThan(0); // not atomic: never decide a race with it
    expect(exactDeletes).toBe(10); // what single-use tokens rely on
  });

  it('admits exactly one of concurrent inserts of one unique key', async () => {
    const c = db.collection('unique');
    await c.createIndex({ key: 1 }, { unique: true });
    for (let i = 0; i < 10; i++) {
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.insertOne({ key: `k${i}` })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    }
  });
});
