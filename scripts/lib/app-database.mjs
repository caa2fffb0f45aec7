// @ts-check
import path from 'node:path';
import { startEmbeddedDb } from '../embedded-db.mjs';
import { isListening } from '../ferretdb.mjs';
import { root } from '../util.mjs';
import { portOf } from './topology.mjs';

/**
 * Runs `work` against the app's database: DATABASE_URL, else the embedded one, which
 * `npm start` may be serving already or which is started for the while and stopped after.
 * @template T
 * @param {(url: string) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withAppDatabase(work) {
  const configured = process.env['DATABASE_URL'];
  if (configured) return work(configured);
  const port = portOf('ferretDb', 'FERRETDB_PORT');
  if (await isListening(port)) return work(`mongodb://127.0.0.1:${port}/tasklane`);
  const embedded = await startEmbeddedDb({
    dataDir: path.join(root, '.data', 'postgres'),
    ferretPort: port,
    postgresPort: portOf('postgres', 'POSTGRES_PORT'),
  });
  try {
    return await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}
