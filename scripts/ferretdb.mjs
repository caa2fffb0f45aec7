// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { portHolder } from './lib/port-holder.mjs';
import { fail, root, step } from './util.mjs';

const source = path.join(root, 'scripts', 'ferretdb');
// Named by its sources, so that a changed wrapper is rebuilt rather than an old binary reused.
const version = createHash('sha256')
  .update(['main.go', 'go.mod', 'go.sum'].map((f) => readFileSync(path.join(source, f), 'utf8')).join('\0'))
  .digest('hex')
  .slice(0, 12);
const binary = path.join(root, '.data', 'bin', `ferretdb-${version}`);

/** Builds the pinned FerretDB once (the binary is cached in .data/bin). */
export function ensureFerretDb() {
  if (existsSync(binary)) return binary;
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
    fail(
      'Go is needed once to build the local FerretDB (MongoDB wire protocol on PostgreSQL), and `go` was not found.\n' +
        'Install Go 1.24+ (for example `apt-get install -y golang`), or set DATABASE_URL to a MongoDB server.',
    );
  }
  step('Building FerretDB v1.24.2 (first run only, about two minutes)');
  const built = spawnSync('go', ['build', '-o', binary, '.'], { cwd: source, stdio: 'inherit' });
  if (built.status !== 0) fail('Building FerretDB failed (see the Go output above).');
  return binary;
}

/** @typedef {{ url: string, process: import('node:child_process').ChildProcess, stop(): Promise<void> }} RunningFerretDb */

/**
 * Starts FerretDB on 127.0.0.1:port and waits until it accepts connections. Its data lives in
 * PostgreSQL (`postgresqlUrl`), or, only to read release one's data, in a SQLite folder.
 * @param {number} port
 * @param {{ postgresqlUrl: string } | { sqliteDir: string }} backend
 * @returns {Promise<RunningFerretDb>}
 */
export async function startFerretDb(port, backend, dbName = 'tasklane') {
  const bin = ensureFerretDb();
  await assertFerretPortFree(port);
  // FerretDB holds up to two pooled connections per call: its pool is above twice the app's
  // (maxPoolSize 20, prisma/db.ts), and PostgreSQL's max_connections above it (scripts/postgres.mjs).
  const args =
    'postgresqlUrl' in backend
      ? ['-postgresql-url', `${backend.postgresqlUrl}?pool_max_conns=50`]
      : ['-sqlite-url', `file:${backend.sqliteDir}/`];
  const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 15_000;
  while (!(await isListening(port))) {
    if (child.exitCode !== null) fail(`FerretDB exited with code ${child.exitCode} while starting.`);
    if (Date.now() > deadline) fail('FerretDB did not start listening within 15 s.');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `mongodb://127.0.0.1:${port}/${dbName}`,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(undefined);
        child.once('exit', () => resolve(undefined));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Stops with a message naming what holds `port`, when something does.
 * @param {number} port
 */
export async function assertFerretPortFree(port) {
  if (!(await isListening(port))) return;
  fail(
    `FerretDB's port ${port} is taken by ${portHolder(port) ?? 'another process'}.\n` +
      "Stop it, or move this checkout's database with FERRETDB_PORT (npm start) or TEST_FERRETDB_PORT (npm test).",
  );
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function isListening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
