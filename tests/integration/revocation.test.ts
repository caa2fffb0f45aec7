import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type HttpReply } from '../support/harness';
import { createAccount, data, PASSWORD, refreshCookie, signIn, tokenFromLink, withCookie } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (accessToken: string) => h.http('auth.me', { method: 'GET', headers: bearer(accessToken) });
const refresh = (token: string) => h.http('auth.refreshTokens', { headers: withCookie(token) });
const accessOf = (reply: HttpReply) => data<{ accessToken: string }>(reply).accessToken;

interface Credentials {
  cookie: string;
  accessToken: string;
}
async function signedIn(email: string): Promise<Credentials> {
  const reply = await signIn(h, email);
  return { cookie: refreshCookie(reply)!.value, accessToken: accessOf(reply) };
}

/** Refreshes in a loop, as a busy tab would, and returns every credential it was given. */
async function refreshLoop(start: string, rounds = 6): Promise<Credentials[]> {
  const issued: Credentials[] = [];
  let token = start;
  for (let i = 0; i < rounds; i++) {
    const reply = await refresh(token);
    if (reply.status !== 200) break;
    token = refreshCookie(reply)!.value;
    issued.push({ cookie: token, accessToken: accessOf(reply) });
  }
  return issued;
}

async function expectAllDead(credentials: Credentials[], label: string): Promise<void> {
  for (const { cookie, accessToken } of credentials) {
    expect((await me(accessToken)).status, `${label}: access token`).toBe(401);
    expect((await refresh(cookie)).status, `${label}: refresh token`).toBe(401);
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15));

describe('revocation ends access tokens at the next request', () => {
  beforeAll(() => createAccount(h, 'revoked@example.com'));

  // Regression (issue 8, item 5): the access token answered auth.me for up to 15 minutes.
  it('after logout', async () => {
    const { cookie, accessToken } = await signedIn('revoked@example.com');
    expect((await me(accessToken)).status).toBe(200);
    expect((await h.http('auth.logout', { headers: withCookie(cookie) })).status).toBe(200);
    const after = await me(accessToken);
    expect(after.status).toBe(401);
    expect(after.body.error?.data['appCode']).toBe('UNAUTHENTICATED');
  });

  it('after a password reset, for every session of the account', async () => {
    const sessions = [await signedIn('revoked@example.com'), await signedIn('revoked@example.com')];
    const since = Date.now();
    await h.http('auth.resetPassword', { input: { email: 'revoked@example.com' } });
    const token = tokenFromLink((await h.mail.waitFor('revoked@example.com', { since, subject: /reset/i })).links[0]!);
    const set = await h.http('auth.setPassword', { input: { token, password: PASSWORD } });
    expect(set.status).toBe(200);
    await expectAllDead(sessions, 'old session');
    expect((await me(accessOf(set))).status).toBe(200); // the session the reset opened
  });

  it('after "sign out everywhere", on this device and every other', async () => {
    const here = await signedIn('revoked@example.com');
    const there = await signedIn('revoked@example.com');
    const reply = await h.http('auth.signOutEverywhere', { headers: bearer(here.accessToken) });
    expect(reply.status).toBe(200);
    expect(refreshCookie(reply)?.attributes).toContain('Max-Age=0');
    await expectAllDead([here, there], 'signed out everywhere');
  });

  it('after reuse of a rotated refresh token is detected', async () => {
    const stolen = await signedIn('revoked@example.com');
    const [legit] = await refreshLoop(stolen.cookie, 1);
    h.advance(11_000);
    expect((await refresh(stolen.cookie)).status).toBe(401);
    await expectAllDead([stolen, legit!], 'family of a reused token');
  });

  it('after 14 days without a refresh (idle timeout), within the 30-day absolute limit', async () => {
    const idle = await signedIn('revoked@example.com');
    const busy = await signedIn('revoked@example.com');
    let token = busy.cookie;
    for (let day = 0; day < 3; day++) {
      h.advance(7 * 24 * 60 * 60 * 1000);
      const reply = await refresh(token);
      expect(reply.status, `busy session, week ${day + 1}`).toBe(200);
      token = refreshCookie(reply)!.value;
    }
    expect((await refresh(idle.cookie)).status).toBe(401);
  });
});

describe('revocation wins every race with a refresh (each run 20 times)', () => {
  beforeAll(() => createAccount(h, 'racer@example.com'));

  it('logout racing a refresh loop leaves nothing working', async () => {
    for (let round = 0; round < 20; round++) {
      const start = await signedIn('racer@example.com');
      const [issued] = await Promise.all([
        refreshLoop(start.cookie),
        pause().then(() => h.http('auth.logout', { headers: withCookie(start.cookie) })),
      ]);
      await expectAllDead([start, ...issued], `round ${round}`);
    }
  });

  it('a password reset racing a refresh loop leaves only the session the reset opened', async () => {
    for (let round = 0; round < 20; round++) {
      h.advance(61 * 60 * 1000); // past the hourly limit on emails to one address
      const start = await signedIn('racer@example.com');
      const since = Date.now();
      await h.http('auth.resetPassword', { input: { email: 'racer@example.com' } });
      const token = tokenFromLink((await h.mail.waitFor('racer@example.com', { since, subject: /reset/i })).links[0]!);
      const [issued, set] = await Promise.all([
        refreshLoop(start.cookie),
        pause().then(() => h.http('auth.setPassword', { input: { token, password: PASSWORD } })),
      ]);
      expect(set.status).toBe(200);
      await expectAllDead([start, ...issued], `round ${round}`);
      expect((await me(accessOf(set))).status).toBe(200);
    }
  });

  it('reuse detection racing the legitimate refresh loop leaves nothing working', async () => {
    for (let round = 0; round < 20; round++) {
      const stolen = await signedIn('racer@example.com');
      const [first] = await refreshLoop(stolen.cookie, 1);
      h.advance(11_000); // past the grace window: presenting `stolen` again is reuse
      const [issued] = await Promise.all([refreshLoop(first!.cookie), pause().then(() => refresh(stolen.cookie))]);
      await expectAllDead([stolen, first!, ...issued], `round ${round}`);
    }
  });
});
