import { membershipsOf } from '@/server/organisation/membership';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/server/auth/tokens';
import { createHarness, type Caller, type Harness } from '../support/harness';
import { expectAppError, member, outcome, verificationToken } from '../support/calls';
import { tokenFromLink } from '../support/flows';

let h: Harness;
let api: Caller;
beforeAll(async () => {
  h = await createHarness();
  api = await h.caller();
});
afterAll(() => h.close());

describe('signUp', () => {
  it('emails a single-use verification link to APP_URL/verify and stores only its hash', async () => {
    const since = Date.now();
    expect(await api.auth.signUp({ email: '  New.Person@Example.COM ' })).toEqual({ ok: true });

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
    await member(h, 'existing@example.com');
    const unknown = await api.auth.signUp({ email: 'unknown@example.com' });
    const since = Date.now();
    const known = await api.auth.signUp({ email: 'existing@example.com' });

    expect(known).toEqual(unknown);
    const mail = await h.mail.waitFor('existing@example.com', { since });
    expect(mail.subject).toMatch(/already have a tasklane account/i);
    expect(mail.links).toContain('http://localhost:3000/sign-in');
    expect(await h.deps.db.orm.verificationTokens.where({ email: 'existing@example.com' }).all()).toHaveLength(0);
  });

  it('replaces an earlier verification link with the new one', async () => {
    const first = await verificationToken(h, 'twice@example.com');
    const second = await verificationToken(h, 'twice@example.com');
    await expectAppError(api.auth.verifyEmail({ token: first }), 'INVALID_TOKEN');
    expect((await api.auth.verifyEmail({ token: second })).email).toBe('twice@example.com');
  });
});

describe('verifyEmail', () => {
  it('creates the organisation and the user and returns a password token', async () => {
    const token = await verificationToken(h, 'founder@example.com');
    const { passwordToken, email } = await api.auth.verifyEmail({ token });
    expect(email).toBe('founder@example.com');
    expect(await api.auth.verifyPasswordToken({ token: passwordToken })).toEqual({ valid: true });

    const user = await h.deps.db.orm.users.where({ email: 'founder@example.com' }).first();
    expect(user).toMatchObject({ verified: false, passwordHash: null });
    const memberships = await membershipsOf(h.deps, user!._id);
    expect(memberships).toEqual([expect.objectContaining({ role: 'owner' })]);
    const org = await h.deps.db.orm.organisations.where({ _id: memberships[0]!.organisationId }).first();
    expect(org?.name).toBe("founder's organisation");
  });

  it('refuses a used link', async () => {
    const token = await verificationToken(h, 'used@example.com');
    await api.auth.verifyEmail({ token });
    await expectAppError(api.auth.verifyEmail({ token }), 'INVALID_TOKEN');
  });

  it('refuses an expired link (after one hour)', async () => {
    const token = await verificationToken(h, 'late@example.com');
    h.advance(60 * 60 * 1000 + 1000);
    await expectAppError(api.auth.verifyEmail({ token }), 'INVALID_TOKEN');
    expect(await h.deps.db.orm.users.where({ email: 'late@example.com' }).first()).toBeNull();
  });

  it('refuses an unknown token', async () => {
    await expectAppError(api.auth.verifyEmail({ token: 'A'.repeat(43) }), 'INVALID_TOKEN');
  });

  it('lets exactly one of three concurrent uses of one link succeed, creating one user and one organisation (20 runs)', async () => {
    for (let round = 0; round < 20; round++) {
      const email = `race${round}@example.com`;
      const token = await verificationToken(h, email);
      const racer = await h.caller(undefined, { ip: `10.50.${round}.1` });
      const outcomes = await Promise.all([1, 2, 3].map(() => outcome(racer.auth.verifyEmail({ token }))));
      expect(outcomes.sort(), `round ${round}`).toEqual(['INVALID_TOKEN', 'INVALID_TOKEN', 'ok']);
      expect(await h.deps.db.orm.users.where({ email }).all()).toHaveLength(1);
      expect(await h.deps.db.orm.organisations.where({ name: `race${round}'s organisation` }).all()).toHaveLength(1);
    }
  }, 60_000);

  it('lets a person who verified but never set a password get a new link by signing up again', async () => {
    const first = await verificationToken(h, 'abandoned@example.com');
    await api.auth.verifyEmail({ token: first });
    const second = await verificationToken(h, 'abandoned@example.com');
    expect((await api.auth.verifyEmail({ token: second })).email).toBe('abandoned@example.com');
    expect(await h.deps.db.orm.users.where({ email: 'abandoned@example.com' }).all()).toHaveLength(1);
  });
});
