import { spawnSync } from 'node:child_process';
import { MongoClient } from 'mongodb';
import contract from '../prisma/contract.json' with { type: 'json' };
import { fail, root, step } from './util';

interface IndexSpec {
  keys: { field: string; direction: 1 | -1 }[];
  unique?: boolean;
}
interface CollectionSpec {
  indexes?: IndexSpec[];
}

/**
 * Brings the database in line with the emitted contract.
 * MongoDB: the Prisma 8 CLI (`db update`), which also installs the $jsonSchema validators
 * and signs the contract marker. FerretDB v1 refuses both (no validators, no $expr in
 * the marker query; docs/database.md), so there the collections and indexes the contract
 * declares are created directly, which is all the application relies on.
 */
export async function applyContract(url: string, { quiet = false } = {}): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const info = await client.db().admin().command({ buildInfo: 1 });
    if ('ferretdbVersion' in info) {
      await applyToFerretDb(client, quiet);
    } else {
      applyWithPrismaCli(url);
    }
  } catch (error) {
    throw new Error(`Could not apply the data contract to ${redact(url)}: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

async function applyToFerretDb(client: MongoClient, quiet: boolean): Promise<void> {
  const db = client.db();
  const collections = contract.storage.namespaces.__unbound__.entries.collection as Record<string, CollectionSpec>;
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [name, spec] of Object.entries(collections)) {
    if (!existing.has(name)) await db.createCollection(name);
    const wanted = new Set<string>(['_id_']);
    for (const index of spec.indexes ?? []) {
      const keys = Object.fromEntries(index.keys.map((k) => [k.field, k.direction]));
      wanted.add(await db.collection(name).createIndex(keys, { unique: index.unique ?? false }));
    }
    // An index the contract no longer declares (a unique one especially) must not linger.
    for (const index of await db.collection(name).listIndexes().toArray()) {
      if (!wanted.has(index.name)) await db.collection(name).dropIndex(index.name);
    }
  }
  if (!quiet) step(`Contract applied to FerretDB: ${Object.keys(collections).length} collections with their indexes`);
}

function applyWithPrismaCli(url: string): void {
  const run = spawnSync('npx', ['prisma', 'db', 'update', '--no-interactive', '--db', url], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`prisma db update exited with code ${run.status}`);
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]+@/, '//***@');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env['DATABASE_URL'];
  if (!url) fail('Set DATABASE_URL to the database to apply the contract to.');
  await applyContract(url).catch((error: Error) => fail(error.message));
}
