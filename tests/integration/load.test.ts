import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '@/scripts/lib/mail-catcher';
import { tokenFromLink } from '../support/flows';
import { startFrontServer, type FrontServer } from '../support/front-server';

// FerretDB on PostgreSQL once hung (every command, ping included) with its pools exhausted under
// 50 concurrent calls. 100 clients keep the production server busy for a while here: every
// request must be answered. The figures are printed, not asserted.

let mail: MailCatcher;
let server: FrontServer;
beforeAll(async () => {
  mail = await startMailCatcher();
  server = await startFrontServer({ SMTP_URL: `smtp://127.0.0.1:${mail.port}`, TRUST_PROXY: 'loopback' });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await mail?.close();
});

const CLIENTS = 100;
const SECONDS = 15;

async function call(procedure: string, init: { method?: string; input?: unknown; headers?: Record<string, string> } = {}) {
  const method = init.method ?? 'POST';
  const query = method === 'GET' && init.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(init.input))}` : '';
  return fetch(`${server.url}/api/trpc/${procedure}${query}`, {
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: method === 'POST' ? JSON.stringify(init.input ?? null) : undefined,
    signal: AbortSignal.timeout(30_000), // a hang fails the test instead of stalling it
  });
}

/** A new account's access token, and the organisation its calls work in. */
async function account(email: string): Promise<{ authorization: string; 'x-organisation-id': string }> {
  const from = { 'x-forwarded-for': `10.70.${email.length}.${Math.floor(Math.random() * 250) + 1}` };
  const since = Date.now();
  expect((await call('auth.signUp', { input: { email }, headers: from })).status).toBe(200);
  const token = tokenFromLink(
    (await mail.waitFor(email, { since, subject: /confirm/i })).links.find((l) => l.includes('/verify'))!,
  );
  const verified = (await (await call('auth.verifyEmail', { input: { token }, headers: from })).json()) as {
    result: { data: { passwordToken: string } };
  };
  const set = await call('auth.setPassword', {
    input: { token: verified.result.data.passwordToken, password: 'a load test passphrase', delivery: 'body' },
    headers: from,
  });
  const accessToken = ((await set.json()) as { result: { data: { accessToken: string } } }).result.data.accessToken;
  const authorization = `Bearer ${accessToken}`;
  const me = (await (await call('auth.me', { method: 'GET', headers: { authorization } })).json()) as {
    result: { data: { organisations: { id: string }[] } };
  };
  return { authorization, 'x-organisation-id': me.result.data.organisations[0]!.id };
}

describe('the server under 100 concurrent clients', () => {
  it('answers every request while the load lasts', async () => {
    const accounts = await Promise.all([0, 1, 2, 3, 4].map((i) => account(`load${i}@example.com`)));
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const headers = accounts[client % accounts.length]!;
        for (let i = 0; Date.now() < deadline; i++) {
          const started = performance.now();
          const kind = i % 4;
          let reply: Response;
          if (kind === 0) reply = await call('auth.me', { method: 'GET', headers });
          else if (kind === 1) reply = await call('task.list', { method: 'GET', input: { limit: 20 }, headers });
          else if (kind === 2) reply = await call('task.create', { input: { title: `load ${client}-${i}` }, headers });
          else reply = await call('health.check', { method: 'GET' });
          await reply.arrayBuffer();
          latencies.push(performance.now() - started);
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const total = latencies.length;
    console.log(
      `load: ${total} requests from ${CLIENTS} clients in ${SECONDS} s (${(total / SECONDS).toFixed(0)}/s), ` +
        `p50 ${latencies[Math.floor(total / 2)]!.toFixed(0)} ms, p99 ${latencies[Math.floor(total * 0.99)]!.toFixed(0)} ms, ` +
        `max ${latencies[total - 1]!.toFixed(0)} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(Object.fromEntries(statuses)).toEqual({ 200: total });
    expect(total).toBeGreaterThan(CLIENTS);
    // Still answering right after the burst: the pools were given back.
    expect((await call('health.check', { method: 'GET' })).status).toBe(200);
  }, 120_000);
});
