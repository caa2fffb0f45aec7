// `npm start`: build if needed, start the embedded FerretDB when DATABASE_URL is unset,
// apply the data contract, then serve the production build behind the front server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseConfig } from '../server/config';
import { ensureBuild } from './build';
import { applyContract } from './db-apply';
import { startFerretDb, type RunningFerretDb } from './ferretdb';
import { localSecret } from './local-secret';
import { fail, root, step } from './util';

ensureBuild();

let ferret: RunningFerretDb | undefined;
if (!process.env['DATABASE_URL']) {
  const port = Number(process.env['FERRETDB_PORT'] ?? 27027);
  ferret = await startFerretDb(port, path.join(root, '.data', 'ferretdb'));
  process.env['DATABASE_URL'] = ferret.url;
  step(`FerretDB serving ${ferret.url} (data in .data/ferretdb)`);
}
// Local secrets are generated for a developer's machine only: production names its own.
if (process.env['NODE_ENV'] !== 'production') {
  process.env['JWT_SECRET'] ||= localSecret('jwt-secret');
  process.env['PASSWORD_PEPPER'] ||= localSecret('password-pepper');
}

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

// The front server (server/http/serve.mjs) decides who each client is; see TRUST_PROXY in docs/auth.md.
const server = spawn(process.execPath, ['server/http/serve.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PORT: String(config.PORT) },
});
step(`Tasklane on ${config.APP_URL}`);

const shutdown = () => server.kill('SIGTERM');
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.on('exit', async (code) => {
  await ferret?.stop();
  process.exit(code ?? 0);
});
