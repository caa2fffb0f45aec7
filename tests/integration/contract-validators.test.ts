import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyContract } from '@/scripts/db-apply.mjs';
import { checkRecordedWrites } from '../support/contract-check';

// The check that stands in for MongoDB's validators on FerretDB (tests/support/contract-check.ts)
// catches what MongoDB would refuse. It runs over every write of `npm test` at the end of the run.

const postgresUrl = process.env['TEST_POSTGRES_URL'];
const database = `validators_${randomBytes(4).toString('hex')}`;
let client: MongoClient;

beforeAll(async () => {
  if (!postgresUrl) throw new Error('TEST_POSTGRES_URL is unset: run this through `npm test`, which records every write');
  const url = process.env['TEST_DATABASE_URL']!.replace(/\/[^/]*$/, `/${database}`);
  await applyContract(url, { quiet: true });
  client = new MongoClient(url);
});
afterAll(async () => {
  await client?.db().dropDatabase();
  await client?.close();
});

describe('the contract check', () => {
  it('passes valid writes, and names the collection, field and rule of each write MongoDB would refuse', async () => {
    const locks = client.db().collection('locks');
    const soon = () => new Date(Date.now() + 60_000);
    await locks.insertOne({ key: 'valid', expiresAt: soon() });
    await locks.updateOne({ key: 'valid' }, { $set: { expiresAt: soon() } });
    const extra = await locks.insertOne({ key: 'extra field', expiresAt: soon(), holder: 'me' });
    const wrongType = await locks.insertOne({ key: 'wrong type', expiresAt: Date.now() });
    // A JS integer goes over the wire as int32: a date field refuses it, and a string field too.
    await locks.insertOne({ key: 'updated badly', expiresAt: soon() });
    await locks.updateOne({ key: 'updated badly' }, { $set: { key: 42 } });
    // Upserts and replacements are checked as the whole document they leave.
    await locks.updateOne({ key: 'upserted' }, { $set: { note: 'x' } }, { upsert: true });
    const replaced = new ObjectId();
    await locks.insertOne({ _id: replaced, key: 'replaced', expiresAt: soon() });
    await locks.replaceOne({ _id: replaced }, { key: 'replaced' });

    const result = checkRecordedWrites(postgresUrl!, { database, consume: true });
    const found = result.violations.map((v) => [v.collection, v.field, v.rule]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['locks', 'holder', 'additionalProperties: false (a field the contract does not declare)'],
        ['locks', 'expiresAt', 'bsonType must be date, was double'],
        ['locks', 'key', 'bsonType must be string, was int'],
        ['locks', 'note', 'additionalProperties: false (a field the contract does not declare)'],
        ['locks', 'expiresAt', 'required (missing)'],
      ]),
    );
    expect(result.violations.find((v) => v.field === 'holder')?.exampleId).toBe(String(extra.insertedId));
    expect(result.violations.find((v) => v.rule.includes('was double'))?.exampleId).toBe(String(wrongType.insertedId));
    // Nine writes checked; the valid insert and update add no violation.
    expect(result.checked).toBe(9);
    expect(found).toHaveLength(6); // the upsert misses expiresAt too; the replacement, expiresAt
    expect(checkRecordedWrites(postgresUrl!, { database }).checked).toBe(0); // consumed
  });
});
