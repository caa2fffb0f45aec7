import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFrontServer, type FrontServer } from '../support/front-server';
import { startMailCatcher, type MailCatcher } from '@/scripts/lib/mail-catcher';

// Over real sockets, against the production build behind server/http/serve.mjs: what only a
// socket can show (who the client is, streamed bodies, what Next itself does with bad input).

let mail: MailCatcher;
let direct: FrontServer; // TRUST_PROXY unset: the socket address is the client
let proxied: FrontServer; // TRUST_PROXY=loopback: the test runner plays a trusted proxy
beforeAll(async () => {
  mail = await startMailCatcher();
  const smtp = { SMTP_URL: `smtp://127.0.0.1:${mail.port}` };
  [direct, proxied] = await Promise.all([startFrontServer(smtp), startFrontServer({ ...smtp, TRUST_PROXY: 'loopback' })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
  await mail?.close();
});

const signUp = (server: FrontServer, email: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email }),
  });

describe('the client address cannot be forged', () => {
  // Regression (issue 8, item 2): 40 sign-ups with 40 forged X-Forwarded-For values were all accepted.
  it('ignores X-Forwarded-For and a forged client-IP header from a client that is not a trusted proxy', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const forged = { 'x-forwarded-for': `198.51.100.${i}`, 'x-tasklane-client-ip': `203.0.113.${i}` };
      codes.push((await signUp(direct, `forged${i}@example.com`, forged)).status);
    }
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes.slice(30).every((c) => c === 429)).toBe(true);
  });

  it('honours X-Forwarded-For from a configured proxy', async () => {
    for (let i = 0; i < 40; i++) {
      expect((await signUp(proxied, `proxied${i}@example.com`, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200);
    }
  });
});

describe('the health check', () => {
  it('tells the database details to a direct loopback request only', async () => {
    const mine = await (await fetch(`${direct.url}/api/trpc/health.check`)).json();
    expect(mine.result.data).toMatchObject({ status: 'ok', database: { engine: 'FerretDB' } });
    const forwarded = await (
      await fetch(`${proxied.url}/api/trpc/health.check`, { headers: { 'x-forwarded-for': '203.0.113.1' } })
    ).json();
    expect(forwarded.result.data).toEqual({ status: 'ok' });
    const claimed = await (
      await fetch(`${direct.url}/api/trpc/health.check`, {
        headers: { 'x-tasklane-direct-loopback': '1', 'x-forwarded-for': '1.2.3.4' },
      })
    ).json();
    expect(claimed.result.data).toEqual({ status: 'ok' }); // forwarded, so not the operator: the claim is ignored
  });
});

describe('request bodies', () => {
  it('are counted while they stream: an endless chunked body gets 413 without being read whole', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const limit = 16 * 1024 * 1024;
    const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(`${direct.url}/api/trpc/auth.signUp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      // A short pause per chunk lets the reply be read before the server's close resets the socket.
      const pump = () => {
        if (answered) return;
        if (sent >= limit) return void req.end();
        sent += chunk.length;
        req.write(chunk, () => setTimeout(pump, 2));
      };
      req.write('{"email":"');
      pump();
    });
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(limit); // answered long before the client stopped sending
  });
});

describe('malformed requests', () => {
  it('answer a 4xx or are served, never a 500', async () => {
    const page = await fetch(`${direct.url}/sign-in`, { headers: { cookie: 'a=%E0%A4%A' } });
    expect(page.status).toBe(200);
    const api = await fetch(`${direct.url}/api/trpc/auth.%E0%A4%A`);
    expect(api.status).toBe(400);
    const weird = await fetch(`${direct.url}/%E0%A4%A`);
    expect(weird.status).toBeGreaterThanOrEqual(400);
    expect(weird.status).toBeLessThan(500);
  });
});
