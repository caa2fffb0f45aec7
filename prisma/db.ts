import mongo from '@prisma/orm-mongo/runtime';
import { MongoClient } from 'mongodb';
import type { Contract } from './contract.d';
import contractJson from './contract.json' with { type: 'json' };

export type Database = ReturnType<typeof createDatabase>;

/**
 * One MongoClient shared by the Prisma 8 ORM and the few driver calls it does not wrap.
 * The driver otherwise waits 30 s for a server that is not there; 5 s turns a missing
 * database into a prompt, clear error.
 */
export function createDatabase(url: string) {
  // 20 connections, not the driver's 100: FerretDB can hold two pooled PostgreSQL connections
  // per call and hung once with its pool exhausted (docs/database.md); its pool is sized above
  // twice this, and PostgreSQL's max_connections above that (scripts/postgres.mjs).
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, appName: 'tasklane', maxPoolSize: 20 });
  const dbName = client.options.dbName;
  const orm = mongo<Contract>({ contractJson, mongoClient: client, dbName });
  return {
    orm: orm.orm,
    query: orm.query,
    runtime: () => orm.runtime(),
    mongo: client.db(dbName),
    client,
    async close() {
      await orm.close();
      await client.close();
    },
  };
}
