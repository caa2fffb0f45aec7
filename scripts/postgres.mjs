// @ts-check
// A project-local PostgreSQL cluster for the embedded FerretDB: created once in a folder of
// .data/, bound to 127.0.0.1 on a project port, started and stopped with the app or the tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { portHolder } from './lib/port-holder.mjs';
import { fail, step } from './util.mjs';

const USER = 'tasklane';
// Above FerretDB's pool (pool_max_conns=50 in scripts/ferretdb.mjs), itself above twice the app's (maxPoolSize 20).
const MAX_CONNECTIONS = 120;
const INDEX_TWINS = fileURLToPath(new URL('./ferretdb-indexes.sql', import.meta.url));
const WRITE_LOG = fileURLToPath(new URL('./ferretdb-write-log.sql', import.meta.url));

/** The PostgreSQL binaries: PG_BIN, or the newest of Debian's /usr/lib/postgresql/<version>/bin. */
function binaries() {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const dir = process.env['PG_BIN'] ?? `/usr/lib/postgresql/${versions[0] ?? '15'}/bin`;
  if (!existsSync(path.join(dir, 'initdb'))) {
    fail(
      `PostgreSQL was not found in ${dir}: the embedded database stores its data in it.\n` +
        'Install it with `apt-get install -y postgresql` (or set PG_BIN to its bin folder), or set DATABASE_URL to a MongoDB server.',
    );
  }
  return dir;
}

// PostgreSQL refuses to run as root: when the scripts do, the server runs as `postgres`.
const asRoot = process.getuid?.() === 0;

/**
 * Runs a PostgreSQL program as the cluster's owner.
 * @param {string} command
 * @param {string[]} args
 */
function asOwner(command, args) {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return spawnSync(file, argv, { encoding: 'utf8' });
}

/**
 * @param {string} command
 * @param {string[]} args
 */
function runAsOwner(command, args) {
  const result = asOwner(command, args);
  if (result.status !== 0) fail(`${path.basename(command)} failed:\n${result.stdout}${result.stderr}`);
}

/** @param {string} dir */
function giveToOwner(dir) {
  if (!asRoot) return;
  const id = (/** @type {string} */ flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (Number.isNaN(uid)) fail('Running as root, PostgreSQL needs the `postgres` user (created by `apt-get install postgresql`).');
  chownSync(dir, uid, id('-g'));
}

/** Where clusters live whose own folder the postgres user cannot reach (root in a private folder). */
export const SHARED_CLUSTERS = '/var/lib/tasklane';

/**
 * The folder the cluster for `dataDir` really lives in. As root, PostgreSQL runs as `postgres`,
 * which must be able to enter every folder above its data: a checkout in root's home or in a
 * mode-700 temporary folder is not, so its cluster lives under SHARED_CLUSTERS instead, in a
 * folder named after `dataDir` (the same checkout finds the same cluster every time).
 * @param {string} dataDir
 */
export function clusterDir(dataDir) {
  if (!asRoot || existsSync(path.join(dataDir, 'PG_VERSION'))) return dataDir;
  let parent = path.dirname(dataDir);
  while (!existsSync(parent)) parent = path.dirname(parent);
  if (asOwner('test', ['-x', parent]).status === 0) return dataDir;
  const name = `${path.basename(path.dirname(path.dirname(dataDir)))}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
  return path.join(SHARED_CLUSTERS, name, path.basename(dataDir));
}

/**
 * Stops a server left running in `dataDir` (a run that crashed), if there is one.
 * @param {string} requested
 */
export function stopLeftover(requested) {
  const dataDir = clusterDir(requested);
  if (!existsSync(path.join(dataDir, 'postmaster.pid'))) return;
  const pgCtl = path.join(binaries(), 'pg_ctl');
  if (asOwner(pgCtl, ['status', '-D', dataDir]).status === 0) asOwner(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
}

/** @typedef {{ url: string, created: boolean, dataDir: string, stop(): void }} RunningPostgres */

/**
 * Starts the cluster in `dataDir` on 127.0.0.1:`port`, creating it first when it does not exist.
 * @param {number} port
 * @param {string} requested the folder asked for (see clusterDir)
 * @param {{ durable?: boolean, recordWrites?: boolean }} [options] durable: false (tests) trades crash safety for
 *   speed; recordWrites (tests) records every document written, for the contract check (ferretdb-write-log.sql)
 * @returns {RunningPostgres}
 */
export function startPostgres(port, requested, { durable = true, recordWrites = false } = {}) {
  const bin = binaries();
  const dataDir = clusterDir(requested);
  if (dataDir !== requested) {
    step(`The postgres user cannot enter ${requested} (a folder above it is private): the cluster lives in ${dataDir}`);
  }
  stopLeftover(dataDir);
  const holder = portHolder(port);
  if (holder) {
    fail(
      `PostgreSQL's port ${port} is taken by ${holder}.\n` +
        "Stop it, or move this checkout's database with POSTGRES_PORT (npm start) or TEST_POSTGRES_PORT (npm test).",
    );
  }
  const created = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (created) {
    mkdirSync(dataDir, { recursive: true });
    if (dataDir !== requested) giveToOwner(path.dirname(dataDir));
    if (readdirSync(dataDir).length > 0) fail(`${dataDir} is not empty and holds no PostgreSQL cluster.`);
    giveToOwner(dataDir);
    if (asRoot && asOwner('test', ['-w', dataDir]).status !== 0) {
      fail(`The postgres user cannot reach ${dataDir}: every folder above it must be searchable by others (chmod o+x).`);
    }
    const shown = path.relative(process.cwd(), dataDir);
    step(`Creating the embedded PostgreSQL cluster in ${shown && !shown.startsWith('..') ? shown : dataDir}`);
    runAsOwner(path.join(bin, 'initdb'), ['-D', dataDir, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-instructions']);
  }
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    "-c unix_socket_directories=''",
    `-c max_connections=${MAX_CONNECTIONS}`,
    // FerretDB names fields as parameters: planned as constants, they match the GIN twins of ferretdb-indexes.sql.
    '-c plan_cache_mode=force_custom_plan',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  runAsOwner(path.join(bin, 'pg_ctl'), [
    'start',
    '-D',
    dataDir,
    '-w',
    '-t',
    '60',
    '-l',
    path.join(dataDir, 'server.log'),
    '-o',
    options,
  ]);
  const url = `postgres://${USER}@127.0.0.1:${port}/postgres`;
  for (const file of recordWrites ? [INDEX_TWINS, WRITE_LOG] : [INDEX_TWINS]) {
    const failed = runPsql(url, ['-f', file]);
    if (failed) {
      asOwner(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w']);
      fail(`Could not install ${path.basename(file)}:\n${failed}`);
    }
  }
  return {
    url,
    created,
    dataDir,
    stop: () => void asOwner(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w']),
  };
}

/**
 * Runs psql against a cluster; returns its output when it failed, null when it succeeded.
 * @param {string} url
 * @param {string[]} args
 * @returns {string | null}
 */
export function runPsql(url, args) {
  const psql = spawnSync(path.join(binaries(), 'psql'), ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], {
    encoding: 'utf8',
  });
  return psql.status === 0 ? null : `${psql.stdout}${psql.stderr}`;
}
