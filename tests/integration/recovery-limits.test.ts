import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '@/server/mfa/totp';
import { createHarness, type Harness, type HttpReply } from '../support/harness';
import { createAccount, data, PASSWORD } from '../support/flows';

// Issue 20: limits that someone who knows the password cannot turn against the owner, and limits
// on every call that stores a challenge or sends an email. Through the real HTTP handler.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const appCode = (reply: HttpReply) => reply.body.error?.data['appCode'];
const deviceCookie = (reply: HttpReply) =>
  reply.headers
    .getSetCookie()
    .find((c) => c.startsWith('tl_device='))
    ?.split(';')[0];

/** An account with an authenticator app, added through the emailed link: its secret and the owner's browser's device cookie. */
async function ownerWithApp(email: string): Promise<{ secret: string; device: string; accessToken: string }> {
  const set = await createAccount(h, email);
  const device = deviceCookie(set)!;
  const headers = { authorization: `Bearer ${data<{ accessToken: string }>(set).accessToken}` };
  const since = Date.now();
  await h.http('mfa.beginAuthenticator', { input: { password: PASSWORD }, headers });
  const mail = await h.mail.waitFor(email, { since, subject: /two-step/i });
  const grant = new URL(mail.links.find((l) => l.includes('factor-grant'))!).searchParams.get('factor-grant')!;
  const { secret } = data<{ secret: string }>(
    await h.http('mfa.beginAuthenticator', { input: { password: PASSWORD, grant }, headers }),
  );
  h.advance(30_000);
  const done = await h.http('mfa.finishAuthenticator', { input: { code: totpCode(secret, h.deps.clock()), grant }, headers });
  expect(done.status).toBe(200);
  return { secret, device, accessToken: data<{ accessToken: string }>(set).accessToken };
}

describe('second-step budgets', () => {
  it('lets the owner’s known browser in with a right code after a stranger used up the shared budget', async () => {
    const { secret, device } = await ownerWithApp('budget@example.com');
    const stranger = { 'x-forwarded-for': '198.51.100.7' };
    const step = async (headers: Record<string, string>) =>
      data<{ secondFactorToken: string }>(
        await h.http('auth.signIn', { input: { email: 'budget@example.com', password: PASSWORD }, headers }),
      ).secondFactorToken;
    const guesses: unknown[] = [];
    const token = await step(stranger);
    for (let i = 0; i < 8; i++) {
      guesses.push(
        appCode(await h.http('auth.completeSignIn', { input: { token, code: String(200000 + i) }, headers: stranger })),
      );
    }
    expect(guesses.slice(0, 5)).toEqual(Array(5).fill('WRONG_CODE'));
    expect(guesses.slice(5)).toEqual(Array(3).fill('RATE_LIMITED'));

    // The owner's browser (its device cookie, known since the account's first sign-in there) has a budget of its own.
    const ownerHeaders = { cookie: device, origin: 'http://localhost:3000' };
    h.advance(30_000);
    const ownerToken = await step(ownerHeaders);
    const signedIn = await h.http('auth.completeSignIn', {
      input: { token: ownerToken, code: totpCode(secret, h.deps.clock()) },
      headers: ownerHeaders,
    });
    expect(signedIn.status).toBe(200);
    // And the stranger is still held back, even with the right code.
    h.advance(30_000);
    const late = await h.http('auth.completeSignIn', {
      input: { token: await step(stranger), code: totpCode(secret, h.deps.clock()) },
      headers: stranger,
    });
    expect(appCode(late)).toBe('RATE_LIMITED');
  });
});

describe('the password re-check', () => {
  it('counts wrong passwords only: the owner’s own right ones never use the budget up', async () => {
    const set = await createAccount(h, 'recheck@example.com');
    const headers = { authorization: `Bearer ${data<{ accessToken: string }>(set).accessToken}` };
    const change = (currentPassword: string) =>
      h.http('account.changePassword', { input: { currentPassword, newPassword: PASSWORD }, headers });
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await change(PASSWORD)).status);
    expect(codes).toEqual(Array(8).fill(200));
    const wrong: unknown[] = [];
    for (let i = 0; i < 7; i++) wrong.push(appCode(await change(`wrong ${i}`)));
    expect(wrong.slice(0, 5)).toEqual(Array(5).fill('WRONG_PASSWORD'));
    expect(wrong.slice(5)).toEqual(Array(2).fill('RATE_LIMITED'));
  });
});

describe('calls that store something per call are limited per account', () => {
  it('refuses the eleventh new organisation in an hour, in batches and at once', async () => {
    const set = await createAccount(h, 'creator@example.com');
    const headers = { authorization: `Bearer ${data<{ accessToken: string }>(set).accessToken}` };
    const batchOf = (from: number) =>
      h.http(`${Array(6).fill('organisation.create').join(',')}?batch=1`, {
        input: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [String(i), { name: `Org ${from + i}` }])),
        headers,
      });
    const replies = (await Promise.all([batchOf(0), batchOf(6)])).flatMap(
      (reply) => reply.body as unknown as { result?: unknown; error?: { data: { appCode: string } } }[],
    );
    // Counted before checked: concurrent calls may refuse one another, but never admit an eleventh.
    const made = replies.filter((r) => r.result).length;
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThanOrEqual(10);
    expect(replies.filter((r) => r.error?.data.appCode === 'RATE_LIMITED')).toHaveLength(12 - made);

    const one = await createAccount(h, 'creator-one@example.com');
    const oneHeaders = { authorization: `Bearer ${data<{ accessToken: string }>(one).accessToken}` };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await h.http('organisation.create', { input: { name: `Mine ${i}` }, headers: oneHeaders })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
  });

  it('refuses step-up passkey challenges past 30 in 15 minutes', async () => {
    const set = await createAccount(h, 'challenges@example.com');
    const headers = { authorization: `Bearer ${data<{ accessToken: string }>(set).accessToken}` };
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await h.http('mfa.stepUpPasskeyOptions', { headers })).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it('refuses the emailed first-factor link past the address’s email limit', async () => {
    const set = await createAccount(h, 'grants@example.com');
    const headers = { authorization: `Bearer ${data<{ accessToken: string }>(set).accessToken}` };
    const codes: unknown[] = [];
    // The sign-up and set-password emails already counted one against the address.
    for (let i = 0; i < 6; i++)
      codes.push(appCode(await h.http('mfa.beginPasskey', { input: { password: PASSWORD }, headers })) ?? 'ok');
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(codes.indexOf('RATE_LIMITED')).toBeGreaterThanOrEqual(3);
  });
});
