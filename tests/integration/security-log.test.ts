import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { createAccount, data, PASSWORD, refreshCookie, signIn, withCookie } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const events = () => h.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['m'] === 'security');

describe('security events', () => {
  it('are logged as structured lines, and never carry a token, hash or password', async () => {
    const set = await createAccount(h, 'audited@example.com');
    const secrets = [PASSWORD, refreshCookie(set)!.value, data<{ accessToken: string }>(set).accessToken];

    for (let i = 0; i < 6; i++) await signIn(h, 'audited@example.com', `wrong password ${i}`, { 'x-forwarded-for': '10.40.0.1' });
    h.advance(16 * 60 * 1000);
    const session = await signIn(h, 'audited@example.com');
    const cookie = refreshCookie(session)!.value;
    const rotated = refreshCookie(await h.http('auth.refreshTokens', { headers: withCookie(cookie) }))!.value;
    secrets.push(cookie, rotated, data<{ accessToken: string }>(session).accessToken);
    await h.http('auth.refreshTokens', { headers: { cookie: `tl_refresh=${rotated}`, origin: 'https://evil.example' } });
    h.advance(11_000);
    await h.http('auth.refreshTokens', { headers: withCookie(cookie) }); // reuse: the session ends
    secrets.push(
      ...(await h.deps.db.orm.users.where({ email: 'audited@example.com' }).select('passwordHash').all()).map(
        (u) => u.passwordHash!,
      ),
    );

    const seen = new Set(events().map((e) => e['event']));
    for (const event of [
      'password.set',
      'sign_in.failed',
      'sign_in.throttled',
      'sign_in.succeeded',
      'csrf.refused',
      'refresh.reuse_detected',
      'session.revoked',
    ]) {
      expect(seen, event).toContain(event);
    }
    const failed = events().find((e) => e['event'] === 'sign_in.failed')!;
    expect(failed).toMatchObject({ level: 'warn', ip: '10.40.0.1', userId: expect.any(String) });
    const everything = h.logs.join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/token=|\$2b\$|\$tlp1\$/);
  });
});
