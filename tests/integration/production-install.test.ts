import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A deployment as operators run it, in a clean clone of this repository: install with the
// devDependencies, build, prune them, start. Release one failed here twice: `npm start` ran
// through tsx, and it rebuilt because the pruned lockfile looked newer than the build.

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-install-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs a command in the clone without blocking the test worker (npm ci takes a minute or more),
 * at a lower priority: the install and build are most of this file's CPU, and no other test in
 * the run should wait on them.
 */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '10', command, ...args], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npm start` in the clone, in its own process group; `health` polls until it answers. */
function startApp(env: Record<string, string>) {
  const chunks: string[] = [];
  const server = spawn('npm', ['start'], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const stream of [server.stdout, server.stderr]) stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return {
    output: () => chunks.join(''),
    async health(port: number): Promise<unknown> {
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && server.exitCode === null) {
        const health = await fetch(`http://127.0.0.1:${port}/api/trpc/health.check`).then(
          (r) => (r.ok ? r.json() : null),
          () => null,
        );
        if (health) return health;
        await new Promise((r) => setTimeout(r, 500));
      }
      return null;
    },
    async stop() {
      // A server that already exited (a failed start) must not hide the failure behind ESRCH.
      if (server.exitCode === null && server.signalCode === null) process.kill(-server.pid!, 'SIGTERM');
      await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    },
  };
}

function copyFerretDbBinary() {
  const built = readdirSync(path.join(root, '.data', 'bin')).filter((name) => name.startsWith('ferretdb-'));
  mkdirSync(path.join(dir, '.data', 'bin'), { recursive: true });
  for (const name of built) copyFileSync(path.join(root, '.data', 'bin', name), path.join(dir, '.data', 'bin', name));
}

/**
 * The production bundle, the run's own when it was built from exactly the clone's sources (a
 * clean checkout, as CI's): a second `next build` takes a minute and a half of both cores and
 * shows nothing the run's own build did not. A checkout with changes builds the clone. The
 * bundle has no absolute paths `npm start` depends on (tried: it serves from another folder).
 */
async function buildOrReuse(): Promise<'reused' | 'built'> {
  const stamp = path.join(root, '.next', 'tasklane-source-hash');
  const script = "import { sourceHash } from './scripts/build.mjs'; console.log(sourceHash())";
  const cloneHash = (await run(process.execPath, ['--input-type=module', '-e', script])).trim();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === cloneHash && existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    cpSync(path.join(root, '.next'), path.join(dir, '.next'), {
      recursive: true,
      filter: (source) => path.basename(source) !== 'cache', // the compiler's cache: for builds, not for serving
    });
    return 'reused';
  }
  await run('npm', ['run', 'build']);
  return 'built';
}

describe('a production install', () => {
  it("starts after `npm ci`, a build (this run's own when built from the same sources) and `npm prune --omit=dev`, without devDependencies and without rebuilding; then on its embedded database from a private folder", async () => {
    await run('git', ['clone', '--quiet', root, dir]);
    await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
    const bundle = await buildOrReuse();
    await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
    // Packages only the tests and checks use (`next` keeps @playwright/test as a peer, and vite in
    // Prisma's toolchain keeps tsx, so those two stay whatever `npm start` does).
    for (const devOnly of ['vitest', 'eslint', 'smtp-server', 'mailparser', 'dpdm', '@axe-core/playwright']) {
      expect(existsSync(path.join(dir, 'node_modules', devOnly)), `${devOnly} was pruned`).toBe(false);
    }

    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts['start']).toBe('node scripts/start.mjs'); // no TypeScript runner at start

    const port = await freePort();
    const server = startApp({
      NODE_ENV: 'production',
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      DATABASE_URL: process.env['TEST_DATABASE_URL']!.replace(/\/[^/]*$/, `/install_${randomBytes(4).toString('hex')}`),
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
      DATA_KEY: randomBytes(32).toString('base64url'),
    });
    try {
      expect(await server.health(port), server.output()).toMatchObject({ result: { data: { status: 'ok' } } });
      expect(server.output(), `bundle ${bundle}`).not.toMatch(/Building the production bundle/);
      const signUp = await fetch(`http://127.0.0.1:${port}/api/trpc/auth.signUp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@example.com' }),
      });
      expect(signUp.status).toBe(200);
    } finally {
      await server.stop();
    }

    // The same clone on its embedded database. It sits in a mode-700 folder (mkdtemp's), as a
    // checkout in root's home does: run as root, PostgreSQL runs as `postgres`, which cannot
    // enter it, so the cluster lives where it can and the start says where.
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    copyFerretDbBinary(); // built by this run already: the Go build is not what is tested here
    const [appPort, ferretPort, postgresPort] = [await freePort(), await freePort(), await freePort()];
    const embedded = startApp({
      NODE_ENV: '', // a person's machine: local secrets are generated into .data/
      PORT: String(appPort),
      APP_URL: `http://localhost:${appPort}`,
      FERRETDB_PORT: String(ferretPort),
      POSTGRES_PORT: String(postgresPort),
    });
    try {
      expect(await embedded.health(appPort), embedded.output()).toMatchObject({ result: { data: { status: 'ok' } } });
      expect(embedded.output()).toContain(`FerretDB serving mongodb://127.0.0.1:${ferretPort}/tasklane`);
      if (process.getuid?.() === 0) {
        expect(embedded.output()).toMatch(/The postgres user cannot enter .*: the cluster lives in \/var\/lib\/tasklane\//);
      }
    } finally {
      await embedded.stop();
      const shared = /the cluster lives in (\S+)/.exec(embedded.output())?.[1];
      if (shared) rmSync(path.dirname(shared), { recursive: true, force: true });
    }
  }, 600_000);
});
