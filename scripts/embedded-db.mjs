// @ts-check
// The embedded database: FerretDB (MongoDB wire protocol) over a project-local PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertFerretPortFree, startFerretDb } from './ferretdb.mjs';
import { startPostgres } from './postgres.mjs';

/** @typedef {{ url: string, postgresUrl: string, created: boolean, dataDir: string, stop(): Promise<void> }} EmbeddedDb */

/**
 * Starts PostgreSQL with its data in `dataDir`, then FerretDB on it; `url` names database `dbName`.
 * recordWrites (test runs): every document written is recorded for the contract check (ferretdb-write-log.sql).
 * @param {{ dataDir: string, ferretPort: number, postgresPort: number, dbName?: string, durable?: boolean, recordWrites?: boolean }} options
 * @returns {Promise<EmbeddedDb>}
 */
export async function startEmbeddedDb({
  dataDir,
  ferretPort,
  postgresPort,
  dbName = 'tasklane',
  durable = true,
  recordWrites = false,
}) {
  await assertFerretPortFree(ferretPort); // before PostgreSQL starts, so that a refusal leaves nothing running
  const postgres = startPostgres(postgresPort, path.join(dataDir), { durable, recordWrites });
  try {
    const ferret = await startFerretDb(ferretPort, { postgresqlUrl: postgres.url }, dbName);
    return {
      url: ferret.url,
      postgresUrl: postgres.url,
      created: postgres.created,
      dataDir: postgres.dataDir,
      async stop() {
        await ferret.stop();
        postgres.stop();
      },
    };
  } catch (error) {
    postgres.stop();
    throw error;
  }
}

/**
 * A throwaway embedded database (benchmarks): a new temporary folder, no fsync, removed when stopped.
 * @param {{ ferretPort: number, postgresPort: number, dbName: string }} options
 * @returns {Promise<EmbeddedDb>}
 */
export async function startThrowawayDb({ ferretPort, postgresPort, dbName }) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-db-'));
  const db = await startEmbeddedDb({ dataDir, ferretPort, postgresPort, dbName, durable: false });
  return {
    ...db,
    async stop() {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
