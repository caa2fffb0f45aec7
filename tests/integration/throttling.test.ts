import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { createAccount, PASSWORD, signIn } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });
const statuses = (replies: { status: number }[]) => replies.map((r) => r.status);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;

/** A batched POST of `n` sign-in calls, as tRPC's httpBatchLink sends them. */
function signInBatch(email: string, n: number, ip: string) {
  const paths = Array.from({ length: n }, () => 'auth.signIn').join(',');
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { email, password: `wrong guess ${i}` }]));
  return h.http(`${paths}?batch=1`, { input, headers: fromIp(ip) });
}

describe('sign-in throttling counts each attempt before the password is checked', () => {
  // Regression (issue 8, item 1): on release one all 30 were checked against bcrypt.
  it('lets at most 5 of 30 concurrent wrong passwords for one account be checked, 20 times over', async () => {
    for (let round = 0; round < 20; round++) {
      const email = `parallel${round}@example.com`;
      await createAccount(h, email);
      const replies = await Promise.all(
        Array.from({ length: 30 }, (_, i) => signIn(h, email, `guess ${i}`, fromIp(`10.20.${round}.1`))),
      );
      const codes = statuses(replies);
      expect(count(codes, 401), `round ${round}: checked`).toBeLessThanOrEqual(5);
      expect(count(codes, 401) + count(codes, 429), `round ${round}: ${codes.join(',')}`).toBe(30);
      // The owner is held back too while the account is under attack; nobody got in.
      expect(codes).not.toContain(200);
    }
  }, 120_000);

  it('counts every call of a batch, 20 times over', async () => {
    for (let round = 0; round < 20; round++) {
      const email = `batched${round}@example.com`;
      await createAccount(h, email);
      const reply = await signInBatch(email, 10, `10.21.${round}.1`);
      const codes = (reply.body as unknown as { error?: { data: { httpStatus: number } } }[]).map(
        (r) => r.error!.data.httpStatus,
      );
      expect(codes).toHaveLength(10);
      expect(count(codes, 401), `round ${round}: checked`).toBeLessThanOrEqual(5);
      expect(count(codes, 401) + count(codes, 429)).toBe(10);
      // Every checked attempt stayed counted (refused ones do not count): five or more mean back-off.
      const after = await signIn(h, email, 'one more guess', fromIp(`10.21.${round}.2`));
      expect(after.status, `round ${round}: after ${count(codes, 401)} checked`).toBe(count(codes, 401) >= 5 ? 429 : 401);
    }
  }, 120_000);

  it('refuses a batch of more than 10 calls outright (issue 8, item 3: 200 calls all ran)', async () => {
    const paths = Array.from({ length: 200 }, () => 'health.check').join(',');
    const reply = await h.http(`${paths}?batch=1`, { method: 'GET', input: {} });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toMatch(/at most 10 calls/);
    const eleven = await signInBatch('nobody@example.com', 11, '10.22.0.1');
    expect(eleven.status).toBe(400);
    expect((await signInBatch('nobody@example.com', 10, '10.22.0.2')).status).not.toBe(400);
  });

  it('removes a successful attempt from the count: an owner who signs in often is never held back', async () => {
    await createAccount(h, 'frequent@example.com');
    for (let i = 0; i < 8; i++) expect((await signIn(h, 'frequent@example.com', PASSWORD, fromIp('10.23.0.1'))).status).toBe(200);
    expect((await signIn(h, 'frequent@example.com', 'a typo', fromIp('10.23.0.1'))).status).toBe(401);
  });

  it('counts only failures against an IP: 60 people behind one address can all sign in', async () => {
    const ip = fromIp('10.24.0.1');
    for (let i = 0; i < 3; i++) await createAccount(h, `office${i}@example.com`);
    for (let i = 0; i < 60; i++) expect((await signIn(h, `office${i % 3}@example.com`, PASSWORD, ip)).status).toBe(200);
  });

  it('holds the per-IP failure limit under concurrency', async () => {
    const replies = await Promise.all(
      Array.from({ length: 80 }, (_, i) => signIn(h, `stranger${i}@example.com`, 'guess', fromIp('10.25.0.1'))),
    );
    const codes = statuses(replies);
    expect(count(codes, 401)).toBeLessThanOrEqual(50);
    expect(count(codes, 401) + count(codes, 429)).toBe(80);
    const late = await signIn(h, 'stranger-late@example.com', 'guess', fromIp('10.25.0.1'));
    expect(late.status).toBe(count(codes, 401) >= 50 ? 429 : 401);
  });

  it('groups IPv6 clients by /64 for per-IP limits', async () => {
    for (let i = 0; i < 50; i++)
      await signIn(h, `v6-${i}@example.com`, 'guess', fromIp(`2001:db8:aa:bb::${(i + 1).toString(16)}`));
    expect((await signIn(h, 'v6-next@example.com', 'guess', fromIp('2001:db8:aa:bb:ffff::1'))).status).toBe(429);
    expect((await signIn(h, 'v6-next@example.com', 'guess', fromIp('2001:db8:aa:bc::1'))).status).toBe(401);
  });

  it('lifts the back-off when the owner resets their password (an attacker cannot keep them locked out)', async () => {
    await createAccount(h, 'besieged@example.com');
    for (let i = 0; i < 6; i++) await signIn(h, 'besieged@example.com', `attacker ${i}`, fromIp('10.26.0.1'));
    expect((await signIn(h, 'besieged@example.com', PASSWORD, fromIp('10.26.0.2'))).status).toBe(429);

    const since = Date.now();
    await h.http('auth.resetPassword', { input: { email: 'besieged@example.com' }, headers: fromIp('10.26.0.2') });
    const mail = await h.mail.waitFor('besieged@example.com', { since, subject: /reset/i });
    const token = new URL(mail.links.find((l) => l.includes('set-password'))!).searchParams.get('token')!;
    expect(
      (await h.http('auth.setPassword', { input: { token, password: 'a fresh passphrase' }, headers: fromIp('10.26.0.2') }))
        .status,
    ).toBe(200);
    expect((await signIn(h, 'besieged@example.com', 'a fresh passphrase', fromIp('10.26.0.2'))).status).toBe(200);
  });
});

describe('the password-hashing queue', () => {
  it('answers 503 with Retry-After instead of stalling when more sign-ins arrive than it can hash', async () => {
    const busy = await createHarness({ HASH_CONCURRENCY: '1', HASH_QUEUE_MAX: '2', BCRYPT_COST: '10' });
    try {
      const replies = await Promise.all(
        Array.from({ length: 12 }, (_, i) => signIn(busy, `queued${i}@example.com`, 'some password', fromIp(`10.27.0.${i + 1}`))),
      );
      const codes = statuses(replies);
      expect(count(codes, 401)).toBeGreaterThanOrEqual(1);
      expect(count(codes, 503)).toBeGreaterThanOrEqual(1);
      expect(count(codes, 401) + count(codes, 503)).toBe(12);
      const refused = replies.find((r) => r.status === 503)!;
      expect(refused.body.error?.data['appCode']).toBe('SERVER_BUSY');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await busy.close();
    }
  });

  it('checks a password link before hashing: a made-up token costs no bcrypt work', async () => {
    const tight = await createHarness({ HASH_CONCURRENCY: '1', HASH_QUEUE_MAX: '0' });
    try {
      let release!: () => void;
      const hog = tight.deps.hashing.run(() => new Promise<void>((resolve) => (release = resolve)));
      const reply = await tight.http('auth.setPassword', { input: { token: 'Z'.repeat(43), password: 'a long passphrase' } });
      expect(reply.status).toBe(400);
      expect(reply.body.error?.data['appCode']).toBe('INVALID_TOKEN');
      release();
      await hog;
    } finally {
      await tight.close();
    }
  });
});

describe('rate-limit replies', () => {
  it('carry Retry-After in the HTTP header as well as in the body', async () => {
    await createAccount(h, 'header@example.com');
    for (let i = 0; i < 5; i++) await signIn(h, 'header@example.com', `wrong ${i}`, fromIp('10.28.0.1'));
    const reply = await signIn(h, 'header@example.com', PASSWORD, fromIp('10.28.0.1'));
    expect(reply.status).toBe(429);
    expect(Number(reply.headers.get('retry-after'))).toBe(reply.body.error?.data['retryAfterSeconds']);
  });
});
