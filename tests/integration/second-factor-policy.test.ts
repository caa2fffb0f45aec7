import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '@/server/mfa/totp';
import { createHarness, type Harness } from '../support/harness';
import { beginFirstAuthenticator, expectAppError, member } from '../support/calls';
import { PASSWORD, tokenFromLink } from '../support/flows';
import { asSession } from '../support/as-session';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Turns on an authenticator app for the person behind `api`. */
async function addAuthenticator(api: Awaited<ReturnType<typeof member>>['api'], email: string): Promise<string> {
  const { secret, grant } = await beginFirstAuthenticator(h, api, email);
  h.advance(30_000);
  await api.mfa.finishAuthenticator({ code: totpCode(secret, h.deps.clock()), grant });
  return secret;
}

/** Invites `email` into the owner's organisation and has them accept as a new person. */
async function joined(owner: Awaited<ReturnType<typeof member>>, email: string) {
  const since = Date.now();
  await owner.api.organisation.invite({ email, role: 'member' });
  const mail = await h.mail.waitFor(email, { since, subject: /invit/i });
  const guest = await h.caller(undefined, { ip: '10.7.7.7' });
  const accepted = await guest.organisation.acceptInvitation({
    token: tokenFromLink(mail.links.find((l) => l.includes('/join?'))!),
  });
  if (accepted.kind !== 'choose-password') throw new Error(`${email} should be new`);
  const session = asSession(
    await guest.auth.setPassword({ token: accepted.passwordToken, password: PASSWORD, delivery: 'body' }),
  );
  return { api: await h.caller(session.accessToken, { organisationId: owner.organisationId }), accessToken: session.accessToken };
}

describe('an organisation that requires a second factor', () => {
  it('is set by an owner who has one; members without one are refused until they add one, and can still leave', async () => {
    const owner = await member(h, 'policy-owner@example.com');
    const before = await joined(owner, 'policy-member@example.com');
    await expectAppError(owner.api.organisation.setSecondFactorPolicy({ required: true }), 'OWNER_NEEDS_SECOND_FACTOR');
    await before.api.task.list();

    const ownerSecret = await addAuthenticator(owner.api, 'policy-owner@example.com');
    await owner.api.organisation.setSecondFactorPolicy({ required: true });
    expect((await owner.api.task.list()).tasks).toEqual([]);
    await expectAppError(before.api.task.list(), 'SECOND_FACTOR_POLICY');
    await expectAppError(before.api.organisation.members(), 'SECOND_FACTOR_POLICY');
    const seen = (await before.api.auth.me()).organisations.find((o) => o.id === owner.organisationId);
    expect(seen?.requireSecondFactor).toBe(true);

    // Someone who joins afterwards gets the policy with the membership.
    const after = await joined(owner, 'policy-late@example.com');
    await expectAppError(after.api.task.create({ title: 'Not yet' }), 'SECOND_FACTOR_POLICY');
    await after.api.organisation.leave();
    expect((await after.api.auth.me()).organisations.map((o) => o.id)).not.toContain(owner.organisationId);

    await addAuthenticator(before.api, 'policy-member@example.com');
    const fresh = await h.caller(before.accessToken, { organisationId: owner.organisationId });
    expect((await fresh.task.list()).tasks).toEqual([]);

    const activity = await owner.api.organisation.activity();
    expect(activity.map((e) => e.type)).toContain('organisation.second_factor_policy');
    // Turning it off asks for the password and the owner's second factor again.
    await expectAppError(owner.api.organisation.setSecondFactorPolicy({ required: false }), 'WRONG_PASSWORD');
    await expectAppError(
      owner.api.organisation.setSecondFactorPolicy({ required: false, password: PASSWORD }),
      'SECOND_FACTOR_REQUIRED',
    );
    h.advance(30_000);
    await owner.api.organisation.setSecondFactorPolicy({
      required: false,
      password: PASSWORD,
      code: totpCode(ownerSecret, h.deps.clock()),
    });
    const relaxed = (await before.api.auth.me()).organisations.find((o) => o.id === owner.organisationId);
    expect(relaxed?.requireSecondFactor).toBe(false);
  });

  it('is for owners only', async () => {
    const owner = await member(h, 'policy-owner2@example.com');
    const admin = await joined(owner, 'policy-admin@example.com');
    const adminId = (await admin.api.auth.me()).user.id;
    await owner.api.organisation.changeRole({ userId: adminId, role: 'admin' });
    await expectAppError(admin.api.organisation.setSecondFactorPolicy({ required: false }), 'FORBIDDEN');
  });
});
