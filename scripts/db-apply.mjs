// @ts-check
import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations } from './migrations.mjs';
import { fail, root, step } from './util.mjs';

/** @typedef {{ keys: { field: string, direction: 1 | -1 }[], unique?: boolean }} IndexSpec */
/** @typedef {{ jsonSchema: object, validationLevel: string, validationAction: string }} ValidatorSpec */
/** @typedef {{ indexes?: IndexSpec[], validator?: ValidatorSpec }} CollectionSpec */

const contract = JSON.parse(readFileSync(path.join(root, 'prisma', 'contract.json'), 'utf8'));
/** @type {Record<string, CollectionSpec>} */
export const collections = contract.storage.namespaces.__unbound__.entries.collection;

/**
 * Brings the database in line with the emitted contract, with the driver alone (a production
 * install carries no Prisma CLI): every collection the contract declares, its indexes (and no
 * index it no longer declares), and on MongoDB its `$jsonSchema` validator, which FerretDB v1
 * refuses (docs/database.md; the tests check every write against it instead). Then the data
 * migrations (migrations.mjs). Idempotent: a second run changes nothing.
 * @param {string} url
 * @returns {Promise<void>}
 */
export async function applyContract(url, { quiet = false } = {}) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const info = await client.db().admin().command({ buildInfo: 1 });
    const validators = !('ferretdbVersion' in info);
    await applyCollections(client, validators);
    if (!quiet) {
      const what = validators ? 'with their indexes and validators' : 'with their indexes';
      step(`Contract applied: ${Object.keys(collections).length} collections ${what}`);
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
 * @param {boolean} validators
 */
async function applyCollections(client, validators) {
  const db = client.db();
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [name, spec] of Object.entries(collections)) {
    const validation =
      validators && spec.validator
        ? {
            validator: { $jsonSchema: spec.validator.jsonSchema },
            validationLevel: spec.validator.validationLevel,
            validationAction: spec.validator.validationAction,
          }
        : undefined;
    if (!existing.has(name)) await db.createCollection(name, validation);
    else if (validation) await db.command({ collMod: name, ...validation });
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
