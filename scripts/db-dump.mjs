// @ts-check
// `npm run db:backup [file]` writes every collection of the database to one Extended JSON file
// (types such as ObjectId and Date kept); `npm run db:restore <file>` reads it back, replacing
// what those collections hold, then applies the contract's indexes. The database is
// DATABASE_URL, or the embedded one (`npm start`'s if it runs, else started for the command).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BSON, MongoClient } from 'mongodb';
import { applyContract } from './db-apply.mjs';
import { withAppDatabase } from './lib/app-database.mjs';
import { fail, root, step } from './util.mjs';

const FORMAT = 'tasklane-backup-1';
const { EJSON } = BSON;

/** @param {string} url @param {string} file */
export async function backup(url, file) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const db = client.db();
    /** @type {Record<string, unknown[]>} */
    const collections = {};
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      collections[name] = await db.collection(name).find().toArray();
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, EJSON.stringify({ format: FORMAT, createdAt: new Date(), collections }, { relaxed: false }), {
      mode: 0o600,
    });
    return Object.values(collections).reduce((n, docs) => n + docs.length, 0);
  } finally {
    await client.close();
  }
}

/** @param {string} url @param {string} file */
export async function restore(url, file) {
  const dump = EJSON.parse(readFileSync(file, 'utf8'), { relaxed: false });
  if (dump?.format !== FORMAT) throw new Error(`${file} is not a Tasklane backup (${FORMAT}).`);
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  let restored = 0;
  try {
    const db = client.db();
    for (const [name, documents] of Object.entries(
      /** @type {Record<string, import('mongodb').Document[]>} */ (dump.collections),
    )) {
      await db.collection(name).deleteMany({});
      if (documents.length > 0) await db.collection(name).insertMany(documents, { ordered: false });
      restored += documents.length;
    }
  } finally {
    await client.close();
  }
  await applyContract(url, { quiet: true });
  return restored;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, fileArgument] = process.argv.slice(2);
  if (command !== 'backup' && command !== 'restore') fail('Usage: db-dump.mjs backup [file] | restore <file>');
  if (command === 'restore' && !fileArgument) fail('Name the backup file to restore: npm run db:restore -- <file>');
  const file = path.resolve(
    fileArgument ?? path.join(root, '.data', 'backups', `tasklane-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
  );

  try {
    await withAppDatabase(async (url) => {
      if (command === 'backup') step(`Backed up ${await backup(url, file)} documents to ${file}`);
      else step(`Restored ${await restore(url, file)} documents from ${file}`);
    });
  } catch (error) {
    fail(/** @type {Error} */ (error).message);
  }
}
