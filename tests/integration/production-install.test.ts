import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Runs a command in the clone without blocking the test worker (npm ci takes a minute or more). */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('a production install', () => {
  it('starts after `npm ci && npm run build && npm prune --omit=dev`, without devDependencies and without rebuilding', async () => {
    await run('git', ['clone', '--quiet', root, dir]);
    await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
    await run('npm', ['run', 'build']);
    await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
    // Packages only the tests and checks use (`next` keeps @playwright/test as a peer, and vite in
    // Prisma's toolchain keeps tsx, so those two stay whatever `npm start` does).
    for (const devOnly of ['vitest', 'eslint', 'smtp-server', 'mailparser', 'dpdm', '@axe-core/playwright']) {
      expect(existsSync(path.join(dir, 'node_modules', devOnly)), `${devOnly} was pruned`).toBe(false);
    }

    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts['start']).toBe('node scripts/start.mjs'); // no TypeScript runner at start

    const port = await freePort();
    const output: string[] = [];
    const server = spawn('npm', ['start'], {
      cwd: dir,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        APP_URL: `http://localhost:${port}`,
        DATABASE_URL: process.env['TEST_DATABASE_URL']!.replace(/\/[^/]*$/, `/install_${randomBytes(4).toString('hex')}`),
        JWT_SECRET: randomBytes(32).toString('base64url'),
        PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
        DATA_KEY: randomBytes(32).toString('base64url'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const stream of [server.stdout, server.stderr]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    try {
      const deadline = Date.now() + 90_000;
      let health: unknown = null;
      while (Date.now() < deadline && server.exitCode === null) {
        health = await fetch(`http://127.0.0.1:${port}/api/trpc/health.check`).then(
          (r) => (r.ok ? r.json() : null),
          () => null,
        );
        if (health) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(health, output.join('')).toMatchObject({ result: { data: { status: 'ok' } } });
      expect(output.join('')).not.toMatch(/Building the production bundle/);
      const signUp = await fetch(`http://127.0.0.1:${port}/api/trpc/auth.signUp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@example.com' }),
      });
      expect(signUp.status).toBe(200);
    } finally {
      // A server that already exited (a failed start) must not hide the failure behind ESRCH.
      if (server.exitCode === null && server.signalCode === null) process.kill(-server.pid!, 'SIGTERM');
      await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    }
  }, 600_000);
});
