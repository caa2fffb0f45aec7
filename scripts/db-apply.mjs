// @ts-check
import { spawnSync } from 'node:child_process';
import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations } from './migrations.mjs';
import { fail, root, step } from './util.mjs';

/** @typedef {{ keys: { field: string, direction: 1 | -1 }[], unique?: boolean }} IndexSpec */
/** @typedef {{ indexes?: IndexSpec[] }} CollectionSpec */

const contract = JSON.parse(readFileSync(path.join(root, 'prisma', 'contract.json'), 'utf8'));

/**
 * Brings the database in line with the emitted contract.
 * MongoDB: the Prisma 8 CLI (`db update`), which also installs the $jsonSchema validators
 * and signs the contract marker. FerretDB v1 refuses both (no validators, no $expr in
 * the marker query; docs/database.md), so there the collections and indexes the contract
 * declares are created directly, which is all the application relies on. Then the data
 * migrations (migrations.mjs).
 */
/**
 * @param {string} url
 * @returns {Promise<void>}
 */
export async function applyContract(url, { quiet = false } = {}) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const info = await client.db().admin().command({ buildInfo: 1 });
    if ('ferretdbVersion' in info) {
      await applyToFerretDb(client, quiet);
    } else {
      applyWithPrismaCli(url);
    }
    for (const line of await runMigrations(client.db())) step(line);
  } catch (error) {
    throw new Error(`Could not apply the data contract to ${redact(url)}: ${/** @type {Error} */ (error).message}`);
  } finally {
    await client.close();
  }
}

/**
 * @param {MongoClient} client
 * @param {boolean} quiet
 */
async function applyToFerretDb(client, quiet) {
  const db = client.db();
  /** @type {Record<string, CollectionSpec>} */
  const collections = contract.storage.namespaces.__unbound__.entries.collection;
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [name, spec] of Object.entries(collections)) {
    if (!existing.has(name)) await db.createCollection(name);
    const wanted = new Set(['_id_']);
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

/** @param {string} url */
function applyWithPrismaCli(url) {
  const run = spawnSync('npx', ['prisma', 'db', 'update', '--no-interactive', '--db', url], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`prisma db update exited with code ${run.status}`);
}

/** @param {string} url */
function redact(url) {
  return url.replace(/\/\/[^@/]+@/, '//***@');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env['DATABASE_URL'];
  if (!url) fail('Set DATABASE_URL to the database to apply the contract to.');
  await applyContract(url).catch((/** @type {Error} */ error) => fail(error.message));
}
