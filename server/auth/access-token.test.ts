import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { issueAccessToken, verifyAccessToken } from './access-token';

const base = { DATABASE_URL: 'mongodb://127.0.0.1/x', PASSWORD_PEPPER: 'p'.repeat(40), DATA_KEY: 'd'.repeat(40) };
const config = parseConfig({ ...base, JWT_SECRET: 's'.repeat(40) });
const at = (iso: string, c = config) => ({ config: c, clock: () => new Date(iso) });
const claims = { userId: 'u1', email: 'a@example.com', sessionId: 'a'.repeat(24) };
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());

describe('access tokens', () => {
  it('carry iss, aud, sub, sid, iat, exp (15 min), jti and a key id (no organisation), and verify', async () => {
    const { accessToken, expiresAt } = await issueAccessToken(at('2026-01-01T00:00:00Z'), claims);
    expect(expiresAt.toISOString()).toBe('2026-01-01T00:15:00.000Z');
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({
      iss: 'tasklane',
      aud: 'tasklane-app',
      sub: 'u1',
      sid: 'a'.repeat(24),
      iat: 1767225600,
      exp: 1767226500,
    });
    expect(payload).not.toHaveProperty('org');
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(headerOf(accessToken)).toMatchObject({ alg: 'HS256', kid: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });
    expect(await verifyAccessToken(at('2026-01-01T00:14:59Z'), accessToken)).toEqual(claims);
  });

  it('expire', async () => {
    const { accessToken } = await issueAccessToken(at('2026-01-01T00:00:00Z'), claims);
    expect(await verifyAccessToken(at('2026-01-01T00:15:01Z'), accessToken)).toBeNull();
  });

  it('survive a secret rotation while JWT_SECRET_PREVIOUS names the old secret, and not after', async () => {
    const { accessToken } = await issueAccessToken(at('2026-01-01T00:00:00Z'), claims);
    const rotated = parseConfig({ ...base, JWT_SECRET: 'n'.repeat(40), JWT_SECRET_PREVIOUS: 's'.repeat(40) });
    const done = parseConfig({ ...base, JWT_SECRET: 'n'.repeat(40) });
    expect(await verifyAccessToken(at('2026-01-01T00:10:00Z', rotated), accessToken)).toEqual(claims);
    expect(await verifyAccessToken(at('2026-01-01T00:10:00Z', done), accessToken)).toBeNull();
    const fresh = await issueAccessToken(at('2026-01-01T00:10:00Z', rotated), claims);
    expect(headerOf(fresh.accessToken).kid).not.toBe(headerOf(accessToken).kid); // new tokens use the new secret
    expect(await verifyAccessToken(at('2026-01-01T00:11:00Z', done), fresh.accessToken)).toEqual(claims);
  });

  it('refuse alg none, another algorithm, another key, no key id, another audience, no session and garbage', async () => {
    const now = at('2026-01-01T00:00:00Z');
    const { accessToken } = await issueAccessToken(now, claims);
    const { kid } = headerOf(accessToken);
    const build = (extra: Record<string, string> = { sid: 'a'.repeat(24) }) =>
      new SignJWT({ org: 'o1', email: 'a@example.com', ...extra })
        .setSubject('u1')
        .setIssuer('tasklane')
        .setAudience('tasklane-app')
        .setIssuedAt(1767225600)
        .setExpirationTime(1767226500)
        .setJti('j');
    const key = new TextEncoder().encode('s'.repeat(40));
    expect(await verifyAccessToken(now, await build().setProtectedHeader({ alg: 'HS256', kid }).sign(key))).toEqual(claims);
    expect(await verifyAccessToken(now, await build().setProtectedHeader({ alg: 'HS256' }).sign(key))).toBeNull();
    expect(await verifyAccessToken(now, await build({}).setProtectedHeader({ alg: 'HS256', kid }).sign(key))).toBeNull();
    expect(
      await verifyAccessToken(
        now,
        new UnsecuredJWT({
          sub: 'u1',
          org: 'o1',
          email: 'a@example.com',
          sid: 'a'.repeat(24),
          iss: 'tasklane',
          aud: 'tasklane-app',
        }).encode(),
      ),
    ).toBeNull();
    expect(await verifyAccessToken(now, await build().setProtectedHeader({ alg: 'HS512', kid }).sign(key))).toBeNull();
    const otherKey = new TextEncoder().encode('t'.repeat(40));
    expect(await verifyAccessToken(now, await build().setProtectedHeader({ alg: 'HS256', kid }).sign(otherKey))).toBeNull();
    expect(
      await verifyAccessToken(now, await build().setAudience('other').setProtectedHeader({ alg: 'HS256', kid }).sign(key)),
    ).toBeNull();
    expect(await verifyAccessToken(now, 'a.b.c')).toBeNull();
    expect(await verifyAccessToken(now, 'x'.repeat(5000))).toBeNull();
  });
});
