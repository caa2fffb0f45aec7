// @ts-check
// `npm start`: build if the sources changed, start the embedded FerretDB when DATABASE_URL is
// unset, apply the data contract, then serve the production build behind the front server.
// Plain JavaScript on purpose: a production install prunes devDependencies (TypeScript
// runners included) and still runs this. The configuration is validated by the server
// itself as it starts (instrumentation.ts), with a message naming each bad variable.
import './lib/node-version.mjs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuild } from './build.mjs';
import { applyContract } from './db-apply.mjs';
import { startEmbeddedDb } from './embedded-db.mjs';
import { copyLegacyData, hasLegacyData } from './migrate-sqlite.mjs';
import { localSecret } from './local-secret.mjs';
import { portOf } from './lib/topology.mjs';
import { fail, root, step } from './util.mjs';

ensureBuild();

/** @type {import('./embedded-db.mjs').EmbeddedDb | undefined} */
let ferret;
if (!process.env['DATABASE_URL']) {
  ferret = await startEmbeddedDb({
    dataDir: path.join(root, '.data', 'postgres'),
    ferretPort: portOf('ferretDb', 'FERRETDB_PORT'),
    postgresPort: portOf('postgres', 'POSTGRES_PORT'),
  });
  process.env['DATABASE_URL'] = ferret.url;
  step(`FerretDB serving ${ferret.url} (data in PostgreSQL, ${path.relative(root, ferret.dataDir) || ferret.dataDir})`);
  if (ferret.created && hasLegacyData()) {
    step("Copying release one's data (.data/ferretdb, SQLite) into PostgreSQL, once");
    await copyLegacyData(ferret.url);
  }
}
// Local secrets are generated for a developer's machine only: production names its own.
if (process.env['NODE_ENV'] !== 'production') {
  process.env['JWT_SECRET'] ||= localSecret('jwt-secret');
  process.env['PASSWORD_PEPPER'] ||= localSecret('password-pepper');
  process.env['DATA_KEY'] ||= localSecret('data-key');
}

await applyContract(process.env['DATABASE_URL']).catch(async (/** @type {Error} */ error) => {
  await ferret?.stop();
  fail(error.message);
});
if (!process.env['SMTP_URL']) step('SMTP_URL is unset: emails are printed to this console instead of sent');

// The front server (server/http/serve.mjs) decides who each client is; see TRUST_PROXY in docs/auth.md.
const server = spawn(process.execPath, ['server/http/serve.mjs'], { cwd: root, stdio: 'inherit', env: process.env });
step(`Tasklane on ${process.env['APP_URL'] ?? `http://localhost:${process.env['PORT'] ?? 3000}`}`);

const shutdown = () => server.kill('SIGTERM');
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.on('exit', async (code) => {
  await ferret?.stop();
  process.exit(code ?? 0);
});
