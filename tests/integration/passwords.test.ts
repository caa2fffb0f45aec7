import bcrypt from 'bcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Caller, type Harness } from '../support/harness';
import { expectAppError, fieldErrors, outcome, verificationToken } from '../support/calls';
import { createAccount, data, PASSWORD, refreshCookie, signIn, tokenFromLink, withCookie } from '../support/flows';
import { asSession } from '../support/as-session';

let h: Harness;
let api: Caller;
beforeAll(async () => {
  h = await createHarness();
  api = await h.caller();
});
afterAll(() => h.close());

async function passwordTokenFor(email: string): Promise<string> {
  return (await api.auth.verifyEmail({ token: await verificationToken(h, email) })).passwordToken;
}

describe('verifyPasswordToken', () => {
  it('is true for a fresh token, false for an unknown or expired one', async () => {
    const token = await passwordTokenFor('check@example.com');
    const check = (t: string) => api.auth.verifyPasswordToken({ token: t });
    expect(await check(token)).toEqual({ valid: true });
    expect(await check(token)).toEqual({ valid: true }); // checking does not consume
    expect(await check('B'.repeat(43))).toEqual({ valid: false });
    h.advance(61 * 60 * 1000);
    expect(await check(token)).toEqual({ valid: false });
  });
});

describe('setPassword', () => {
  it('stores a peppered bcrypt hash, marks the user verified and signs them in', async () => {
    const token = await passwordTokenFor('setter@example.com');
    const reply = await h.http('auth.setPassword', { input: { token, password: PASSWORD } });
    expect(reply.status).toBe(200);
    const session = data<{ accessToken: string; user: { email: string }; refreshToken?: string }>(reply);
    expect(session.user.email).toBe('setter@example.com');
    expect(session.refreshToken).toBeUndefined(); // browsers get it only as a cookie
    expect(refreshCookie(reply)?.value).toMatch(/^[0-9a-f]{24}[A-Za-z0-9_-]{43}$/);

    const user = await h.deps.db.orm.users.where({ email: 'setter@example.com' }).first();
    expect(user?.verified).toBe(true);
    expect(user?.passwordHash).toMatch(/^\$tlp1\$\$2b\$04\$/);
    // Without the pepper, which is not in the database, the stored hash does not verify the password.
    expect(await bcrypt.compare(PASSWORD, user!.passwordHash!.slice('$tlp1$'.length))).toBe(false);
    expect((await signIn(h, 'setter@example.com')).status).toBe(200);
  });

  it('applies the length rules with clear messages, allows long passphrases in any script and never truncates', async () => {
    const token = await passwordTokenFor('rules@example.com');
    const tryPassword = (password: string) => api.auth.setPassword({ token, password, delivery: 'body' });

    expect(await fieldErrors(tryPassword('short'))).toEqual({ password: 'Use at least 8 characters (15 or more is stronger).' });
    expect(await fieldErrors(tryPassword('a'.repeat(257)))).toEqual({ password: 'Use at most 256 characters.' });
    expect((await fieldErrors(tryPassword('tab\tin the middle')))['password']).toMatch(/control characters/);

    // Regression (issue 8, item 7): 64 x "ñ" is 128 bytes and was refused by bcrypt's 72-byte cap.
    const passphrase = 'ñ'.repeat(64);
    expect(asSession(await tryPassword(passphrase)).user.email).toBe('rules@example.com');
    expect((await signIn(h, 'rules@example.com', passphrase)).status).toBe(200);
    // Nothing is cut: a password sharing its first 72 bytes is a different password.
    expect((await signIn(h, 'rules@example.com', `${'ñ'.repeat(63)}n`)).status).toBe(401);
  });

  it('refuses one of the 10,000 most common passwords without burning the link', async () => {
    const token = await passwordTokenFor('common@example.com');
    await expectAppError(api.auth.setPassword({ token, password: 'Password1' }), 'WEAK_PASSWORD');
    expect(await api.auth.verifyPasswordToken({ token })).toEqual({ valid: true });
    expect(asSession(await api.auth.setPassword({ token, password: PASSWORD, delivery: 'body' })).user.email).toBe(
      'common@example.com',
    );
  });

  it('refuses a used, an expired and an unknown token', async () => {
    const token = await passwordTokenFor('once@example.com');
    asSession(await api.auth.setPassword({ token, password: PASSWORD, delivery: 'body' }));
    await expectAppError(api.auth.setPassword({ token, password: 'another long passphrase' }), 'INVALID_TOKEN');

    const stale = await passwordTokenFor('stale@example.com');
    h.advance(61 * 60 * 1000);
    await expectAppError(api.auth.setPassword({ token: stale, password: PASSWORD }), 'INVALID_TOKEN');
    await expectAppError(api.auth.setPassword({ token: 'C'.repeat(43), password: PASSWORD }), 'INVALID_TOKEN');
  });

  it('lets exactly one of two concurrent uses of one token succeed, with one session (20 runs)', async () => {
    for (let round = 0; round < 20; round++) {
      const email = `setrace${round}@example.com`;
      const token = await passwordTokenFor(email);
      const racer = await h.caller(undefined, { ip: `10.60.${round}.1` });
      const outcomes = await Promise.all(
        ['first concurrent password', 'second concurrent password'].map((password) =>
          outcome(racer.auth.setPassword({ token, password, delivery: 'body' })),
        ),
      );
      expect(outcomes.sort(), `round ${round}`).toEqual(['INVALID_TOKEN', 'ok']);
      const user = await h.deps.db.orm.users.where({ email }).select('_id').first();
      expect(await h.deps.db.orm.sessions.where({ userId: user!._id }).all(), `round ${round}`).toHaveLength(1);
    }
  }, 60_000);
});

describe('release-one password hashes', () => {
  it('still sign in, and are re-hashed with the pepper at the next successful sign-in', async () => {
    await createAccount(h, 'legacy@example.com');
    const legacy = await bcrypt.hash('a release one password', 4);
    await h.deps.db.orm.users.where({ email: 'legacy@example.com' }).update({ passwordHash: legacy });

    // bcrypt reads 72 bytes: a longer password sharing them must still be refused.
    const longer = `${'x'.repeat(72)}tail`;
    await h.deps.db.orm.users
      .where({ email: 'legacy@example.com' })
      .update({ passwordHash: await bcrypt.hash('x'.repeat(72), 4) });
    expect((await signIn(h, 'legacy@example.com', longer)).status).toBe(401);
    await h.deps.db.orm.users.where({ email: 'legacy@example.com' }).update({ passwordHash: legacy });

    expect((await signIn(h, 'legacy@example.com', 'a release one password')).status).toBe(200);
    const user = await h.deps.db.orm.users.where({ email: 'legacy@example.com' }).select('passwordHash').first();
    expect(user?.passwordHash).toMatch(/^\$tlp1\$\$2b\$04\$/);
    expect((await signIn(h, 'legacy@example.com', 'a release one password')).status).toBe(200);
    expect((await signIn(h, 'legacy@example.com', 'not the password')).status).toBe(401);
  });
});

describe('resetPassword', () => {
  it('emails a reset link to an account and a neutral note to an unknown address, with identical replies', async () => {
    await createAccount(h, 'forgetful@example.com');
    const since = Date.now();
    const known = await api.auth.resetPassword({ email: 'Forgetful@example.com' });
    const unknown = await api.auth.resetPassword({ email: 'nobody@example.com' });
    expect(known).toEqual({ ok: true });
    expect(known).toEqual(unknown);

    const reset = await h.mail.waitFor('forgetful@example.com', { since, subject: /reset your tasklane password/i });
    expect(reset.links.some((l) => l.startsWith('http://localhost:3000/set-password?token='))).toBe(true);
    const note = await h.mail.waitFor('nobody@example.com', { since });
    expect(note.subject).toMatch(/without an account/i);
    expect(note.links.some((l) => l.includes('token='))).toBe(false);
  });

  it('replaces earlier reset links, and setting the password revokes every refresh token of the user', async () => {
    await createAccount(h, 'revoke@example.com');
    const sessionA = refreshCookie(await signIn(h, 'revoke@example.com'))!.value;
    const sessionB = refreshCookie(await signIn(h, 'revoke@example.com'))!.value;

    const before = Date.now();
    await h.http('auth.resetPassword', { input: { email: 'revoke@example.com' } });
    // Delivered before the next request: a link replaced while still queued is never sent.
    const first = await h.mail.waitFor('revoke@example.com', { since: before, subject: /reset/i });
    const since = Date.now();
    await h.http('auth.resetPassword', { input: { email: 'revoke@example.com' } });
    const latest = await h.mail.waitFor('revoke@example.com', { since, subject: /reset/i });
    const oldToken = tokenFromLink(first.links.find((l) => l.includes('set-password'))!);
    const token = tokenFromLink(latest.links.find((l) => l.includes('set-password'))!);
    expect(data(await h.http('auth.verifyPasswordToken', { input: { token: oldToken } }))).toEqual({ valid: false });

    const set = await h.http('auth.setPassword', { input: { token, password: 'a brand new passphrase' } });
    expect(set.status).toBe(200);
    for (const old of [sessionA, sessionB]) {
      const refresh = await h.http('auth.refreshTokens', { headers: withCookie(old) });
      expect(refresh.status).toBe(401);
    }
    expect((await signIn(h, 'revoke@example.com')).status).toBe(401);
    expect((await signIn(h, 'revoke@example.com', 'a brand new passphrase')).status).toBe(200);
  });
});
