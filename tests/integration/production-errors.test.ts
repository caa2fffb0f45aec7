import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '@/scripts/lib/mail-catcher';
import { tokenFromLink } from '../support/flows';
import { startFrontServer, type FrontServer } from '../support/front-server';

// Regression (issue 20, defect 8): the production bundle holds two copies of the error class,
// so the boundary's `instanceof` missed the hash queue's SERVER_BUSY and answered 500 with
// "unexpected error" in the log. In-process tests have one copy and passed: this runs against
// the server `npm start` runs, with one hashing slot and a line of one, so most of 20 concurrent
// setPassword calls overflow.

let mail: MailCatcher;
let server: FrontServer;
beforeAll(async () => {
  mail = await startMailCatcher();
  server = await startFrontServer({
    SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
    HASH_CONCURRENCY: '1',
    HASH_QUEUE_MAX: '1',
    BCRYPT_COST: '10',
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await mail?.close();
});

const post = (procedure: string, input: unknown) =>
  fetch(`${server.url}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(30_000),
  });

describe('overload on the production server', () => {
  it('answers a full hashing line with 503 SERVER_BUSY and Retry-After, never 500', async () => {
    const email = 'overflow@example.com';
    const since = Date.now();
    expect((await post('auth.signUp', { email })).status).toBe(200);
    const mailed = await mail.waitFor(email, { since, subject: /confirm your email/i });
    const verified = await post('auth.verifyEmail', { token: tokenFromLink(mailed.links.find((l) => l.includes('/verify?'))!) });
    const { passwordToken } = ((await verified.json()) as { result: { data: { passwordToken: string } } }).result.data;

    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('auth.setPassword', { token: passwordToken, password: 'a long and fine password' }).then(async (reply) => ({
          status: reply.status,
          retryAfter: reply.headers.get('retry-after'),
          body: (await reply.json()) as { error?: { message: string; data: { appCode: string | null } } },
        })),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses).not.toContain(500);
    // One sets the password; the others lose the link's claim (400) or find the line full (503).
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const busy = replies.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const reply of busy) {
      expect(reply.body.error?.data.appCode).toBe('SERVER_BUSY');
      expect(reply.retryAfter).toMatch(/^\d+$/);
    }
    expect(replies.filter((r) => r.status === 400).every((r) => r.body.error?.data.appCode === 'INVALID_TOKEN')).toBe(true);
    expect(server.output.join('\n')).not.toMatch(/unexpected error/);
  });
});
