// `npm start`: build if needed, start the embedded FerretDB when DATABASE_URL is unset,
// apply the data contract, then serve the production build.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseConfig } from '../server/config';
import { ensureBuild } from './build';
import { applyContract } from './db-apply';
import { startFerretDb, type RunningFerretDb } from './ferretdb';
import { localJwtSecret } from './local-secret';
import { fail, root, step } from './util';

ensureBuild();

let ferret: RunningFerretDb | undefined;
if (!process.env['DATABASE_URL']) {
  const port = Number(process.env['FERRETDB_PORT'] ?? 27027);
  ferret = await startFerretDb(port, path.join(root, '.data', 'ferretdb'));
  process.env['DATABASE_URL'] = ferret.url;
  step(`FerretDB serving ${ferret.url} (data in .data/ferretdb)`);
}
process.env['JWT_SECRET'] ||= localJwtSecret();

let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  await ferret?.stop();
  fail((error as Error).message);
}
await applyContract(config.DATABASE_URL).catch(async (error: Error) => {
  await ferret?.stop();
  fail(error.message);
});
if (!config.SMTP_URL) step('SMTP_URL is unset: emails are printed to this console instead of sent');

const server = spawn('npx', ['next', 'start', '-p', String(config.PORT)], { cwd: root, stdio: 'inherit', env: process.env });
step(`Tasklane on ${config.APP_URL}`);

const shutdown = () => server.kill('SIGTERM');
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.on('exit', async (code) => {
  await ferret?.stop();
  process.exit(code ?? 0);
});
