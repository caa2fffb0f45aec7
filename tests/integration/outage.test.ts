import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyContract } from '@/scripts/db-apply.mjs';
import { startFerretDb } from '@/scripts/ferretdb.mjs';
import { startMailCatcher, type MailCatcher } from '@/scripts/lib/mail-catcher';
import { PORTS } from '@/scripts/lib/topology.mjs';
import { startPostgres, type RunningPostgres } from '@/scripts/postgres.mjs';
import { startFrontServer, type FrontServer } from '../support/front-server';
import { everyTask } from '../support/calls';
import { checkRecordedWrites, formatViolation } from '../support/contract-check';
import { PASSWORD } from '../support/flows';

// Its own PostgreSQL and FerretDB: this file stops the database that every other test uses.
let dataDir: string;
let postgres: RunningPostgres;
let ferret: Awaited<ReturnType<typeof startFerretDb>>;
let mail: MailCatcher;
let server: FrontServer;

const startDb = () => startPostgres(PORTS.outagePostgres, dataDir, { durable: false, recordWrites: true });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-outage-'));
  postgres = startDb();
  ferret = await startFerretDb(PORTS.outageFerretDb, { postgresqlUrl: postgres.url }, 'outage');
  await applyContract(ferret.url, { quiet: true });
  mail = await startMailCatcher();
  server = await startFrontServer(
    { SMTP_URL: `smtp://127.0.0.1:${mail.port}`, RATE_LIMIT_SCALE: '1000', BCRYPT_COST: '12' },
    { databaseUrl: ferret.url },
  );
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await mail?.close();
  // The run's contract check reads the shared database only: this one's writes are checked here.
  const violations = postgres ? checkRecordedWrites(postgres.url).violations.map(formatViolation) : [];
  await ferret?.stop();
  postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  expect(violations).toEqual([]);
});

// What these tests read of a tRPC reply.
type Reply = {
  result?: { data: { id: string; accessToken: string; passwordToken: string } };
  error?: { message: string };
};

async function call(procedure: string, input: unknown, who?: SignedUp): Promise<{ status: number; body: Reply; ms: number }> {
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(who ? signedInHeaders(who) : {}) };
  const reply = await fetch(`${server.url}/api/trpc/${procedure}`, { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: reply.status, body: await reply.json(), ms: performance.now() - started };
}

interface SignedUp {
  token: string;
  organisationId: string;
}
const signedInHeaders = (who: SignedUp) => ({ authorization: `Bearer ${who.token}`, 'x-organisation-id': who.organisationId });

async function signedUp(email: string): Promise<SignedUp> {
  const since = Date.now();
  expect((await call('auth.signUp', { email })).status).toBe(200);
  const link = (await mail.waitFor(email, { since, timeoutMs: 15_000 })).links.find((l) => l.includes('/verify?token='))!;
  const verified = await call('auth.verifyEmail', { token: new URL(link).searchParams.get('token') });
  const set = await call('auth.setPassword', {
    token: verified.body.result!.data.passwordToken,
    password: PASSWORD,
    delivery: 'body',
  });
  const token = set.body.result!.data.accessToken;
  const me = (await (
    await fetch(`${server.url}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { result: { data: { organisations: { id: string }[] } } };
  return { token, organisationId: me.result.data.organisations[0]!.id };
}

/**
 * Four clients create tasks throughout; the database goes away for 10 s (`down`, then `up`).
 * Every reply must be a 200 or a clear 503; after it, every task answered 200 is there.
 */
async function throughOutage(email: string, label: string, down: () => Promise<void>, up: () => Promise<void>) {
  const token = await signedUp(email); // and its organisation
  const created: string[] = [];
  const replies: { status: number; message: string; ms: number; sentAt: number; at: number }[] = [];
  let running = true;
  const client = async (n: number) => {
    for (let i = 0; running; i++) {
      const sentAt = Date.now();
      const reply = await call('task.create', { title: `c${n}-${i}` }, token).catch(() => ({
        status: 0,
        body: {} as Reply,
        ms: 0,
      }));
      replies.push({ status: reply.status, message: reply.body?.error?.message ?? '', ms: reply.ms, sentAt, at: Date.now() });
      if (reply.status === 200) created.push(reply.body.result!.data.id);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const clients = Promise.all([0, 1, 2, 3].map(client));
  await new Promise((resolve) => setTimeout(resolve, 2000));

  await down();
  const stoppedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const restartingAt = Date.now();
  await up();
  const restartedAt = Date.now();
  let recoveredAt = 0;
  while (!recoveredAt && Date.now() - restartedAt < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (replies.some((r) => r.at > restartedAt && r.status === 200)) recoveredAt = Date.now();
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  running = false;
  await clients;

  // Answered while the database was away. A reply can arrive late on a loaded machine: one whose
  // writes landed just before the stop, or one served by the restarted database before `up()` has
  // noticed it listening. So a success is ruled out only for requests sent after the stop and
  // answered before the restart began; and when each request waits 5 s for the driver, there may be
  // none such, so the clear refusals are counted by arrival.
  const answeredAway = replies.filter((r) => r.at > stoppedAt && r.at < restartingAt);
  const sentAndAnsweredAway = answeredAway.filter((r) => r.sentAt > stoppedAt);
  console.log(
    `outage (${label}): ${replies.length} requests; ${answeredAway.length} answered during the 10 s outage, statuses ` +
      `${[...new Set(answeredAway.map((r) => r.status))].join(', ')}, slowest ${Math.max(...answeredAway.map((r) => r.ms)).toFixed(0)} ms; ` +
      `first success ${recoveredAt ? recoveredAt - restartedAt : 'never'} ms after the database was back`,
  );
  if (!recoveredAt) {
    const after = replies.filter((r) => r.at > restartedAt);
    console.log(
      `after the restart: ${after.length} replies, statuses ${[...new Set(after.map((r) => r.status))].join(', ')}; ` +
        `the server's last lines (less the refusals):\n${server.output
          .filter((line) => !/database unavailable|outbox pass failed/.test(line))
          .slice(-60)
          .join('\n')}`,
    );
  }
  expect(replies.every((r) => r.status === 200 || r.status === 503)).toBe(true);
  expect(answeredAway.filter((r) => r.status === 503).length).toBeGreaterThan(0);
  expect(sentAndAnsweredAway.every((r) => r.status === 503)).toBe(true);
  expect(new Set(replies.filter((r) => r.status === 503).map((r) => r.message))).toEqual(
    new Set(['The database cannot be reached right now. Try again shortly.']),
  );
  expect(recoveredAt).toBeGreaterThan(0);

  // Nothing answered 200 was lost, and the account still works.
  const listed = (
    await everyTask(async (cursor) => {
      const input = encodeURIComponent(JSON.stringify({ limit: 100, cursor }));
      const reply = await fetch(`${server.url}/api/trpc/task.list?input=${input}`, {
        headers: signedInHeaders(token),
      });
      return ((await reply.json()) as { result: { data: { tasks: { id: string }[]; nextCursor: string | null } } }).result.data;
    })
  ).map((t) => t.id);
  expect(listed).toEqual(expect.arrayContaining(created));
  expect((await call('auth.signIn', { email, password: PASSWORD, delivery: 'body' })).status).toBe(200);
}

describe('a database outage', () => {
  it('of PostgreSQL for 10 s: only clear 503s meanwhile, and the app recovers by itself, losing nothing', async () => {
    await throughOutage(
      'pg@example.com',
      'PostgreSQL stopped',
      async () => postgres.stop(),
      async () => {
        postgres = startDb();
      },
    );
  }, 120_000);

  it('of FerretDB for 10 s: the same', async () => {
    await throughOutage(
      'ferret@example.com',
      'FerretDB stopped',
      () => ferret.stop(),
      async () => {
        ferret = await startFerretDb(PORTS.outageFerretDb, { postgresqlUrl: postgres.url }, 'outage');
      },
    );
  }, 120_000);

  it('lets a request in flight finish on SIGTERM, then the server exits', async () => {
    await signedUp('leaving@example.com');
    // A sign-in spends its time in bcrypt: in flight when the signal lands.
    const inFlight = call('auth.signIn', { email: 'leaving@example.com', password: PASSWORD, delivery: 'body' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.kill('SIGTERM');
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.body.result!.data.accessToken).toEqual(expect.any(String));
    expect(await exited).toBe(0);
    expect(server.output.join('\n')).toMatch(/Shutting down/);
  }, 60_000);
});
