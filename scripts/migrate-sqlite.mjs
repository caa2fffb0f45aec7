// @ts-check
// Release one kept the embedded database in FerretDB's SQLite folder (.data/ferretdb). The
// first `npm start` on PostgreSQL copies those documents over, once, through the wire protocol.
import { existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startFerretDb } from './ferretdb.mjs';
import { PORTS } from './lib/topology.mjs';
import { root, step } from './util.mjs';

export const legacyDir = path.join(root, '.data', 'ferretdb');

/** True when release one's SQLite folder holds data that has not been copied yet. */
export function hasLegacyData() {
  return existsSync(legacyDir) && readdirSync(legacyDir).some((name) => name.endsWith('.sqlite'));
}

/**
 * Copies every database of the SQLite folder into `targetUrl`'s server, then renames the folder
 * (kept, not deleted: nothing reads it again). Returns how many documents were copied.
 * @param {string} targetUrl
 */
export async function copyLegacyData(targetUrl) {
  const legacy = await startFerretDb(PORTS.legacyFerretDb, { sqliteDir: legacyDir });
  const from = new MongoClient(legacy.url, { serverSelectionTimeoutMS: 5000 });
  const to = new MongoClient(targetUrl, { serverSelectionTimeoutMS: 5000 });
  let copied = 0;
  try {
    const { databases } = await from.db().admin().listDatabases();
    for (const { name } of databases) {
      for (const { name: collection } of await from.db(name).listCollections({}, { nameOnly: true }).toArray()) {
        const documents = await from.db(name).collection(collection).find().toArray();
        if (documents.length > 0) await to.db(name).collection(collection).insertMany(documents, { ordered: false });
        copied += documents.length;
      }
    }
  } finally {
    await from.close();
    await to.close();
    await legacy.stop();
  }
  renameSync(legacyDir, `${legacyDir}-sqlite-copied`);
  step(`Copied ${copied} documents from release one's SQLite folder; it is kept as .data/ferretdb-sqlite-copied`);
  return copied;
}
