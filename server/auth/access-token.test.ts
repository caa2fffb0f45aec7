import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { issueAccessToken, verifyAccessToken } from './access-token';

const config = parseConfig({ DATABASE_URL: 'mongodb://127.0.0.1/x', JWT_SECRET: 's'.repeat(40) });
const at = (iso: string) => ({ config, clock: () => new Date(iso) });
const claims = { userId: 'u1', organisationId: 'o1', email: 'a@example.com' };

describe('access tokens', () => {
  it('carry iss, aud, sub, org, iat, exp (15 min) and jti, and verify', async () => {
    const { accessToken, expiresAt } = await issueAccessToken(at('2026-01-01T00:00:00Z'), claims);
    expect(expiresAt.toISOString()).toBe('2026-01-01T00:15:00.000Z');
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({
      iss: 'tasklane',
      aud: 'tasklane-app',
      sub: 'u1',
      org: 'o1',
      iat: 1767225600,
      exp: 1767226500,
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(await verifyAccessToken(at('2026-01-01T00:14:59Z'), accessToken)).toEqual(claims);
  });

  it('expire', async () => {
    const { accessToken } = await issueAccessToken(at('2026-01-01T00:00:00Z'), claims);
    expect(await verifyAccessToken(at('2026-01-01T00:15:01Z'), accessToken)).toBeNull();
  });

  it('refuse alg none, another algorithm, another key, another audience and garbage', async () => {
    const now = at('2026-01-01T00:00:00Z');
    const base = () =>
      new SignJWT({ org: 'o1', email: 'a@example.com' })
        .setSubject('u1')
        .setIssuer('tasklane')
        .setAudience('tasklane-app')
        .setIssuedAt(1767225600)
        .setExpirationTime(1767226500)
        .setJti('j');
    const key = new TextEncoder().encode('s'.repeat(40));
    expect(await verifyAccessToken(now, await base().setProtectedHeader({ alg: 'HS256' }).sign(key))).toEqual(claims);
    expect(
      await verifyAccessToken(
        now,
        new UnsecuredJWT({ sub: 'u1', org: 'o1', email: 'a@example.com', iss: 'tasklane', aud: 'tasklane-app' }).encode(),
      ),
    ).toBeNull();
    expect(await verifyAccessToken(now, await base().setProtectedHeader({ alg: 'HS512' }).sign(key))).toBeNull();
    expect(
      await verifyAccessToken(
        now,
        await base()
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode('t'.repeat(40))),
      ),
    ).toBeNull();
    expect(
      await verifyAccessToken(now, await base().setAudience('other').setProtectedHeader({ alg: 'HS256' }).sign(key)),
    ).toBeNull();
    expect(await verifyAccessToken(now, 'a.b.c')).toBeNull();
    expect(await verifyAccessToken(now, 'x'.repeat(5000))).toBeNull();
  });
});
