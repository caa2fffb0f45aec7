import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/server/auth/tokens';
import { createHarness, type Harness } from '../support/harness';
import { createAccount, data, requestVerification, tokenFromLink } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('signUp', () => {
  it('emails a single-use verification link to APP_URL/verify and stores only its hash', async () => {
    const since = Date.now();
    const reply = await h.http('auth.signUp', { input: { email: '  New.Person@Example.COM ' } });
    expect(reply.status).toBe(200);
    expect(data(reply)).toEqual({ ok: true });

    const mail = await h.mail.waitFor('new.person@example.com', { since });
    expect(mail.subject).toMatch(/confirm your email/i);
    const link = mail.links.find((l) => l.startsWith('http://localhost:3000/verify?token='))!;
    const token = tokenFromLink(link);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(mail.text).toContain(link);

    const stored = await h.deps.db.orm.verificationTokens.where({ email: 'new.person@example.com' }).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('replies identically for an address that already has an account, and emails it a sign-in note instead', async () => {
    await createAccount(h, 'existing@example.com');
    const unknown = await h.http('auth.signUp', { input: { email: 'unknown@example.com' } });
    const since = Date.now();
    const known = await h.http('auth.signUp', { input: { email: 'existing@example.com' } });

    expect(known.status).toBe(unknown.status);
    expect(known.body).toEqual(unknown.body);
    const mail = await h.mail.waitFor('existing@example.com', { since });
    expect(mail.subject).toMatch(/already have a tasklane account/i);
    expect(mail.links).toContain('http://localhost:3000/sign-in');
    expect(await h.deps.db.orm.verificationTokens.where({ email: 'existing@example.com' }).all()).toHaveLength(0);
  });

  it('replaces an earlier verification link with the new one', async () => {
    const first = await requestVerification(h, 'twice@example.com');
    const second = await requestVerification(h, 'twice@example.com');
    expect((await h.http('auth.verifyEmail', { input: { token: first } })).status).toBe(400);
    expect((await h.http('auth.verifyEmail', { input: { token: second } })).status).toBe(200);
  });

  it('leaves no token behind and says so clearly when the email cannot be sent', async () => {
    const broken = await createHarness({ SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const reply = await broken.http('auth.signUp', { input: { email: 'nomail@example.com' } });
      expect(reply.status).toBe(503);
      expect(reply.body.error?.data['appCode']).toBe('EMAIL_NOT_SENT');
      expect(reply.body.error?.message).toMatch(/could not send the email/i);
      expect(await broken.deps.db.orm.verificationTokens.all()).toHaveLength(0);
      expect(broken.logs.some((l) => l.includes('email send failed') && !l.includes('nomail@example.com'))).toBe(true);
    } finally {
      await broken.close();
    }
  });
});

describe('verifyEmail', () => {
  it('creates the organisation and the user and returns a password token', async () => {
    const token = await requestVerification(h, 'founder@example.com');
    const reply = await h.http('auth.verifyEmail', { input: { token } });
    expect(reply.status).toBe(200);
    const { passwordToken, email } = data<{ passwordToken: string; email: string }>(reply);
    expect(email).toBe('founder@example.com');
    expect((await h.http('auth.verifyPasswordToken', { input: { token: passwordToken } })).body.result?.data).toEqual({
      valid: true,
    });

    const user = await h.deps.db.orm.users.where({ email: 'founder@example.com' }).first();
    expect(user).toMatchObject({ verified: false, passwordHash: null });
    const org = await h.deps.db.orm.organisations.where({ _id: user!.organisationId }).first();
    expect(org?.name).toBe("founder's organisation");
  });

  it('refuses a used link', async () => {
    const token = await requestVerification(h, 'used@example.com');
    expect((await h.http('auth.verifyEmail', { input: { token } })).status).toBe(200);
    const again = await h.http('auth.verifyEmail', { input: { token } });
    expect(again.status).toBe(400);
    expect(again.body.error?.data['appCode']).toBe('INVALID_TOKEN');
  });

  it('refuses an expired link (after one hour)', async () => {
    const token = await requestVerification(h, 'late@example.com');
    h.advance(60 * 60 * 1000 + 1000);
    const reply = await h.http('auth.verifyEmail', { input: { token } });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.data['appCode']).toBe('INVALID_TOKEN');
    expect(await h.deps.db.orm.users.where({ email: 'late@example.com' }).first()).toBeNull();
  });

  it('refuses an unknown token', async () => {
    const reply = await h.http('auth.verifyEmail', { input: { token: 'A'.repeat(43) } });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.data['appCode']).toBe('INVALID_TOKEN');
  });

  it('lets exactly one of two concurrent uses of one link succeed', async () => {
    const token = await requestVerification(h, 'race@example.com');
    const replies = await Promise.all([1, 2, 3].map(() => h.http('auth.verifyEmail', { input: { token } })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect(await h.deps.db.orm.users.where({ email: 'race@example.com' }).all()).toHaveLength(1);
    expect(await h.deps.db.orm.organisations.where({ name: "race's organisation" }).all()).toHaveLength(1);
  });

  it('lets a person who verified but never set a password get a new link by signing up again', async () => {
    const first = await requestVerification(h, 'abandoned@example.com');
    await h.http('auth.verifyEmail', { input: { token: first } });
    const second = await requestVerification(h, 'abandoned@example.com');
    const reply = await h.http('auth.verifyEmail', { input: { token: second } });
    expect(reply.status).toBe(200);
    expect(await h.deps.db.orm.users.where({ email: 'abandoned@example.com' }).all()).toHaveLength(1);
  });
});
