import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { applyContract } from '@/scripts/db-apply.mjs';

export interface FrontServer {
  url: string;
  port: number;
  output: string[];
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A fresh database on the test run's FerretDB. */
function testDatabase(): string {
  const baseUrl = process.env['TEST_DATABASE_URL'];
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`.');
  return baseUrl.replace(/\/[^/]*$/, `/f_${randomBytes(6).toString('hex')}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The production server as `npm start` runs it (server/http/serve.mjs over the `next build`
 * output), on a free port and a fresh database, for tests that need real sockets.
 */
export async function startFrontServer(
  env: Record<string, string>,
  { databaseUrl = testDatabase() }: { databaseUrl?: string } = {},
): Promise<FrontServer> {
  await applyContract(databaseUrl, { quiet: true });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['server/http/serve.mjs'], {
    cwd: path.resolve(import.meta.dirname, '..', '..'),
    env: {
      ...process.env,
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
      DATA_KEY: randomBytes(32).toString('base64url'),
      BCRYPT_COST: '4',
      ENUMERATION_FLOOR_MS: '0',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    stream.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output.join('\n')}`);
    const ready = await fetch(`${url}/api/trpc/health.check`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the server did not answer within 30 s:\n${output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    output,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
