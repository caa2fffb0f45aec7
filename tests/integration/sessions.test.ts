import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterOutputs } from '@/server/trpc/routers/_app';
import { createHarness, type Harness } from '../support/harness';
import { createAccount, data, ORIGIN, PASSWORD, refreshCookie, requestVerification, signIn, withCookie } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await createAccount(h, 'member@example.com');
});
afterAll(() => h.close());

// What a client reads from the JSON reply (dates as ISO strings), inferred from the router.
type SessionReply = RouterOutputs['auth']['refreshTokens'];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('signIn', () => {
  it('returns a 15-minute access token and sets the refresh cookie with strict attributes', async () => {
    const reply = await signIn(h, 'Member@Example.com');
    expect(reply.status).toBe(200);
    const session = data<SessionReply>(reply);
    expect(session.user.email).toBe('member@example.com');
    expect(session.refreshToken).toBeUndefined();
    const lifetime = new Date(session.accessTokenExpiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60 * 1000);

    const cookie = refreshCookie(reply)!;
    expect(cookie.attributes).toContain('HttpOnly');
    expect(cookie.attributes).toContain('SameSite=Strict');
    expect(cookie.attributes).toContain('Path=/api/trpc');
    expect(cookie.attributes).toMatch(/Max-Age=(2592000|2591999)/);
    expect(cookie.attributes).not.toContain('Secure'); // APP_URL is http://localhost here
  });

  it('gives one generic error for a wrong password, an unknown email and an unverified account', async () => {
    await requestVerification(h, 'pending@example.com').then((token) => h.http('auth.verifyEmail', { input: { token } }));
    const replies = await Promise.all([
      signIn(h, 'member@example.com', 'not the password'),
      signIn(h, 'ghost@example.com'),
      signIn(h, 'pending@example.com'),
    ]);
    for (const reply of replies) {
      expect(reply.status).toBe(401);
      expect(reply.body.error?.message).toBe('Email or password is incorrect.');
      expect(reply.body.error?.data['appCode']).toBe('INVALID_CREDENTIALS');
      expect(refreshCookie(reply)).toBeNull();
    }
  });

  it('returns the refresh token in the body for a non-browser client that asks for it', async () => {
    const reply = await h.http('auth.signIn', { input: { email: 'member@example.com', password: PASSWORD, delivery: 'body' } });
    const session = data<SessionReply>(reply);
    expect(session.refreshToken).toMatch(/^[0-9a-f]{24}[A-Za-z0-9_-]{43}$/);
    expect(refreshCookie(reply)).toBeNull();
    const refreshed = await h.http('auth.refreshTokens', { input: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(data<SessionReply>(refreshed).refreshToken).toMatch(/^[0-9a-f]{24}[A-Za-z0-9_-]{43}$/);
  });
});

describe('me and the access token', () => {
  it('returns the user and their organisations, and never a hash', async () => {
    const { accessToken } = data<SessionReply>(await signIn(h, 'member@example.com'));
    const reply = await h.http('auth.me', { method: 'GET', headers: bearer(accessToken) });
    expect(reply.status).toBe(200);
    expect(data(reply)).toMatchObject({
      user: { email: 'member@example.com' },
      organisations: [{ name: "member's organisation", role: 'owner' }],
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/hash|\$2b\$/i);
  });

  it('refuses a missing, malformed, tampered, unsigned, foreign, expired or wrong-audience token', async () => {
    const { accessToken } = data<SessionReply>(await signIn(h, 'member@example.com'));
    const [header, payload] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '000000000000000000000000' })).toString('base64url');
    const key = new TextEncoder().encode(h.deps.config.JWT_SECRET);
    const sign = (build: (jwt: SignJWT) => SignJWT, secret = key) =>
      build(new SignJWT({ email: claims.email }).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setJti('x')).sign(
        secret,
      );

    const bad = {
      missing: undefined,
      malformed: 'not.a.jwt',
      tampered: `${header}.${forged}.${accessToken.split('.')[2]}`,
      algNone: new UnsecuredJWT({ ...claims }).encode(),
      otherKey: await sign(
        (j) => j.setIssuer('tasklane').setAudience('tasklane-app').setIssuedAt().setExpirationTime('5m'),
        new TextEncoder().encode('x'.repeat(40)),
      ),
      expired: await sign((j) =>
        j.setIssuer('tasklane').setAudience('tasklane-app').setIssuedAt(1_000_000).setExpirationTime(1_000_900),
      ),
      wrongAudience: await sign((j) => j.setIssuer('tasklane').setAudience('someone-else').setIssuedAt().setExpirationTime('5m')),
      wrongIssuer: await sign((j) => j.setIssuer('evil').setAudience('tasklane-app').setIssuedAt().setExpirationTime('5m')),
    };
    for (const [name, token] of Object.entries(bad)) {
      const reply = await h.http('auth.me', { method: 'GET', headers: token ? bearer(token) : {} });
      expect(reply.status, name).toBe(401);
      expect(reply.body.error?.data['appCode'], name).toBe('UNAUTHENTICATED');
    }
  });
});

describe('refreshTokens', () => {
  it('rotates the pair: a new access token and a new cookie, in the same session', async () => {
    const first = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    const reply = await h.http('auth.refreshTokens', { headers: withCookie(first) });
    expect(reply.status).toBe(200);
    const next = refreshCookie(reply)!.value;
    expect(next).not.toBe(first);
    const { accessToken } = data<SessionReply>(reply);
    expect((await h.http('auth.me', { method: 'GET', headers: bearer(accessToken) })).status).toBe(200);
    expect((await h.http('auth.refreshTokens', { headers: withCookie(next) })).status).toBe(200);
  });

  it('ends the whole session when a rotated token is presented again (RFC 9700 reuse detection)', async () => {
    const stolen = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    const legit = refreshCookie(await h.http('auth.refreshTokens', { headers: withCookie(stolen) }))!.value;
    h.advance(11_000); // past the 10-second grace window
    const replay = await h.http('auth.refreshTokens', { headers: withCookie(stolen) });
    expect(replay.status).toBe(401);
    expect(refreshCookie(replay)?.attributes).toContain('Max-Age=0');
    expect((await h.http('auth.refreshTokens', { headers: withCookie(legit) })).status).toBe(401);
    expect(h.logs.some((l) => l.includes('refresh.reuse_detected'))).toBe(true);
  });

  it('answers a second use within the grace window with CONFLICT and keeps the session', async () => {
    const token = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    const winner = refreshCookie(await h.http('auth.refreshTokens', { headers: withCookie(token) }))!.value;
    const late = await h.http('auth.refreshTokens', { headers: withCookie(token) });
    expect(late.status).toBe(409);
    expect(late.body.error?.data['appCode']).toBe('REFRESH_CONFLICT');
    expect(refreshCookie(late)).toBeNull(); // the winner's cookie is left in place
    expect((await h.http('auth.refreshTokens', { headers: withCookie(winner) })).status).toBe(200);
  });

  it('lets exactly one of concurrent refreshes with one token succeed, and signs nobody out', async () => {
    const token = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    const replies = await Promise.all([1, 2, 3].map(() => h.http('auth.refreshTokens', { headers: withCookie(token) })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const winner = refreshCookie(replies.find((r) => r.status === 200)!)!.value;
    expect((await h.http('auth.refreshTokens', { headers: withCookie(winner) })).status).toBe(200);
  });

  it('ends with logout: the token and its session stop working, and logout stays idempotent', async () => {
    const token = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    const logout = await h.http('auth.logout', { headers: withCookie(token) });
    expect(logout.status).toBe(200);
    expect(refreshCookie(logout)?.attributes).toContain('Max-Age=0');
    const after = await h.http('auth.refreshTokens', { headers: withCookie(token) });
    expect(after.status).toBe(401);
    expect(after.body.error?.data['appCode']).toBe('INVALID_REFRESH_TOKEN');
    expect((await h.http('auth.logout', { headers: withCookie(token) })).status).toBe(200);
    expect((await h.http('auth.logout')).status).toBe(200);
  });

  it('stops after the 30-day absolute lifetime, however often it was rotated', async () => {
    let token = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    for (let day = 0; day < 3; day++) {
      h.advance(10 * 24 * 60 * 60 * 1000 - 60_000);
      const reply = await h.http('auth.refreshTokens', { headers: withCookie(token) });
      if (day < 2) {
        expect(reply.status).toBe(200);
        token = refreshCookie(reply)!.value;
        expect(refreshCookie(reply)!.attributes).toMatch(/Max-Age=\d+/);
      } else {
        expect(reply.status).toBe(200); // day ~30 minus 3 minutes: still inside
        token = refreshCookie(reply)!.value;
      }
    }
    h.advance(5 * 60 * 1000);
    expect((await h.http('auth.refreshTokens', { headers: withCookie(token) })).status).toBe(401);
  });

  it('refuses the cookie on a cross-site request (CSRF) and without any token', async () => {
    const token = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    const crossSite = await h.http('auth.refreshTokens', {
      headers: { cookie: `tl_refresh=${token}`, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error?.data['appCode']).toBe('CROSS_SITE_REQUEST');
    const noOrigin = await h.http('auth.refreshTokens', { headers: { cookie: `tl_refresh=${token}` } });
    expect(noOrigin.status).toBe(403);
    expect((await h.http('auth.refreshTokens', { headers: { origin: ORIGIN } })).status).toBe(401);
    expect((await h.http('auth.refreshTokens', { headers: withCookie(token) })).status).toBe(200);
  });
});

describe('the refresh cookie resists tossing', () => {
  // Regression (issue 8, item 6): the second of two cookies chose the account.
  it('refuses a request carrying two refresh cookies, and clears them', async () => {
    const mine = refreshCookie(await signIn(h, 'member@example.com'))!.value;
    await createAccount(h, 'attacker@example.com');
    const planted = refreshCookie(await signIn(h, 'attacker@example.com'))!.value;
    const reply = await h.http('auth.refreshTokens', {
      headers: { cookie: `tl_refresh=${mine}; tl_refresh=${planted}`, origin: ORIGIN },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.data['appCode']).toBe('CONFLICTING_COOKIES');
    expect(refreshCookie(reply)?.attributes).toContain('Max-Age=0');
    expect(h.logs.some((l) => l.includes('cookie.conflict'))).toBe(true);
    // Signing out still works, and clears them.
    const logout = await h.http('auth.logout', {
      headers: { cookie: `tl_refresh=${mine}; tl_refresh=${planted}`, origin: ORIGIN },
    });
    expect(logout.status).toBe(200);
    expect(refreshCookie(logout)?.attributes).toContain('Max-Age=0');
  });

  it('ignores a malformed cookie instead of failing the request', async () => {
    const reply = await h.http('auth.refreshTokens', { headers: { cookie: 'a=%E0%A4%A; tl_refresh=%E0', origin: ORIGIN } });
    expect(reply.status).toBe(401);
    expect(reply.body.error?.data['appCode']).toBe('INVALID_REFRESH_TOKEN');
  });

  it('is __Host- prefixed, Secure and Path=/ when APP_URL is https, and the old unprefixed cookie is cleared when seen', async () => {
    const https = await createHarness({ APP_URL: 'https://tasks.example.com' });
    try {
      const set = await createAccount(https, 'secure@example.com');
      const header = set.headers.getSetCookie().find((c) => c.startsWith('__Host-tl_refresh='))!;
      expect(header).toMatch(/; Path=\/; Secure; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      const token = header.split(';')[0]!.slice('__Host-tl_refresh='.length);

      const origin = 'https://tasks.example.com';
      const reply = await https.http('auth.refreshTokens', {
        headers: { cookie: `tl_refresh=old; __Host-tl_refresh=${token}`, origin },
      });
      expect(reply.status).toBe(200);
      const cookies = reply.headers.getSetCookie();
      expect(cookies.some((c) => c.startsWith('tl_refresh=;') && c.includes('Max-Age=0'))).toBe(true);
      expect(cookies.some((c) => c.startsWith('__Host-tl_refresh=') && !c.includes('Max-Age=0'))).toBe(true);
      // The unprefixed name is never read over https, even alone.
      const plain = await https.http('auth.refreshTokens', { headers: { cookie: `tl_refresh=${token}`, origin } });
      expect(plain.status).toBe(401);
    } finally {
      await https.close();
    }
  });
});
