import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/server/auth/tokens';
import { createHarness, type Harness } from '../support/harness';
import {
  accountWithToken,
  personIp,
  createAccount,
  data,
  PASSWORD,
  refreshCookie,
  signIn,
  tokenFromLink,
  withCookie,
} from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Members = { me: { role: string }; members: { id: string; email: string; role: string }[] };
const members = async (headers: Record<string, string>) =>
  data<Members>(await h.http('organisation.members', { method: 'GET', headers }));

/** Invites `email` from `headers` and follows the emailed link through to a password; returns the new member's bearer. */
async function inviteAndJoin(headers: Record<string, string>, email: string, role: 'admin' | 'member' = 'member') {
  const since = Date.now();
  const from = personIp(email);
  expect((await h.http('organisation.invite', { input: { email, role }, headers: { ...headers, ...from } })).status).toBe(200);
  const mail = await h.mail.waitFor(email, { since, subject: /invited you/ });
  const token = tokenFromLink(mail.links.find((l) => l.includes('/join?token='))!);
  const joined = await h.http('organisation.acceptInvitation', { input: { token }, headers: from });
  expect(joined.status).toBe(200);
  const { passwordToken } = data<{ passwordToken: string }>(joined);
  const set = data<{ accessToken: string; user: { id: string; organisationId: string } }>(
    await h.http('auth.setPassword', { input: { token: passwordToken, password: PASSWORD }, headers: from }),
  );
  return {
    headers: { authorization: `Bearer ${set.accessToken}` },
    userId: set.user.id,
    organisationId: set.user.organisationId,
    token,
  };
}

describe('membership and roles', () => {
  it('makes the person whose verification created the organisation its owner', async () => {
    const owner = await accountWithToken(h, 'founder@one.example');
    const view = await members(owner.headers);
    expect(view.me.role).toBe('owner');
    expect(view.members).toEqual([expect.objectContaining({ email: 'founder@one.example', role: 'owner' })]);
  });

  it('lets an invitee join the inviting organisation with the invited role, through a single-use emailed link', async () => {
    const owner = await accountWithToken(h, 'owner@two.example');
    const joined = await inviteAndJoin(owner.headers, 'Newbie@Two.example', 'admin');
    expect(joined.organisationId).toBe(owner.organisationId);
    expect((await members(owner.headers)).members.map((m) => [m.email, m.role])).toEqual([
      ['owner@two.example', 'owner'],
      ['newbie@two.example', 'admin'],
    ]);
    const reused = await h.http('organisation.acceptInvitation', { input: { token: joined.token } });
    expect(reused.status).toBe(400);
    expect(reused.body.error?.data['appCode']).toBe('INVALID_TOKEN');
    expect(await h.deps.db.orm.invitations.where({ tokenHash: hashToken(joined.token) }).first()).toBeNull();
  });

  it('refuses an expired or revoked invitation, and lists only pending ones', async () => {
    const owner = await accountWithToken(h, 'owner@three.example');
    const since = Date.now();
    await h.http('organisation.invite', { input: { email: 'late@three.example', role: 'member' }, headers: owner.headers });
    const revokedInvite = data<{ id: string }>(
      await h.http('organisation.invite', { input: { email: 'revoked@three.example', role: 'member' }, headers: owner.headers }),
    );
    const pending = data<{ email: string }[]>(
      await h.http('organisation.invitations', { method: 'GET', headers: owner.headers }),
    );
    expect(pending.map((p) => p.email).sort()).toEqual(['late@three.example', 'revoked@three.example']);

    expect(
      (await h.http('organisation.revokeInvitation', { input: { id: revokedInvite.id }, headers: owner.headers })).status,
    ).toBe(200);
    const revokedMail = await h.mail.waitFor('revoked@three.example', { since });
    const revoked = await h.http('organisation.acceptInvitation', {
      input: { token: tokenFromLink(revokedMail.links.find((l) => l.includes('join'))!) },
    });
    expect(revoked.body.error?.data['appCode']).toBe('INVALID_TOKEN');

    const lateMail = await h.mail.waitFor('late@three.example', { since });
    h.advance(7 * 24 * 60 * 60 * 1000 + 1000);
    const expired = await h.http('organisation.acceptInvitation', {
      input: { token: tokenFromLink(lateMail.links.find((l) => l.includes('join'))!) },
    });
    expect(expired.body.error?.data['appCode']).toBe('INVALID_TOKEN');
    expect(await h.deps.db.orm.users.where({ email: 'late@three.example' }).first()).toBeNull();
  });

  it('does not move an existing account into another organisation', async () => {
    const owner = await accountWithToken(h, 'owner@four.example');
    await createAccount(h, 'taken@elsewhere.example');
    const since = Date.now();
    await h.http('organisation.invite', { input: { email: 'taken@elsewhere.example', role: 'member' }, headers: owner.headers });
    const mail = await h.mail.waitFor('taken@elsewhere.example', { since, subject: /invited you/ });
    const reply = await h.http('organisation.acceptInvitation', {
      input: { token: tokenFromLink(mail.links.find((l) => l.includes('join'))!) },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error?.data['appCode']).toBe('HAS_ACCOUNT');
  });

  it('enforces who may invite, change roles and remove', async () => {
    const owner = await accountWithToken(h, 'owner@five.example');
    const admin = await inviteAndJoin(owner.headers, 'admin@five.example', 'admin');
    const member = await inviteAndJoin(owner.headers, 'member@five.example', 'member');
    const outsider = await accountWithToken(h, 'outsider@six.example');

    const refused = async (path: string, input: unknown, headers: Record<string, string>, status = 403) => {
      const reply = await h.http(path, { input, headers });
      expect(reply.status, `${path} ${JSON.stringify(input)}`).toBe(status);
    };
    await refused('organisation.invite', { email: 'x@five.example', role: 'member' }, member.headers);
    await refused('organisation.changeRole', { userId: admin.userId, role: 'member' }, member.headers);
    await refused('organisation.removeMember', { userId: admin.userId }, member.headers);
    await refused('organisation.changeRole', { userId: owner.userId, role: 'member' }, admin.headers); // admins do not touch owners
    await refused('organisation.changeRole', { userId: member.userId, role: 'owner' }, admin.headers);
    await refused('organisation.removeMember', { userId: owner.userId }, admin.headers);
    await refused('organisation.invite', { email: 'boss@five.example', role: 'owner' }, owner.headers, 400);
    await refused('organisation.changeRole', { userId: member.userId, role: 'admin' }, outsider.headers, 404); // another organisation
    await refused('organisation.removeMember', { userId: member.userId }, outsider.headers, 404);

    expect(
      (await h.http('organisation.changeRole', { input: { userId: member.userId, role: 'admin' }, headers: admin.headers }))
        .status,
    ).toBe(200);
    expect((await members(owner.headers)).members.find((m) => m.id === member.userId)?.role).toBe('admin');
  });

  it('refuses to leave an organisation without an owner', async () => {
    const owner = await accountWithToken(h, 'owner@seven.example');
    const last = await h.http('organisation.changeRole', {
      input: { userId: owner.userId, role: 'admin' },
      headers: owner.headers,
    });
    expect(last.status).toBe(409);
    expect(last.body.error?.data['appCode']).toBe('LAST_OWNER');
    expect(
      (await h.http('organisation.removeMember', { input: { userId: owner.userId }, headers: owner.headers })).body.error?.data[
        'appCode'
      ],
    ).toBe('LAST_OWNER');
  });

  it('keeps one owner when two owners demote each other at once, reading both roles inside the lock (20 runs)', async () => {
    for (let round = 0; round < 20; round++) {
      const owner = await accountWithToken(h, `owner${round}@race.example`);
      const second = await inviteAndJoin(owner.headers, `second${round}@race.example`, 'member');
      const promote = { input: { userId: second.userId, role: 'owner' }, headers: owner.headers };
      expect((await h.http('organisation.changeRole', promote)).status).toBe(200);
      const replies = await Promise.all([
        h.http('organisation.changeRole', { input: { userId: second.userId, role: 'member' }, headers: owner.headers }),
        h.http('organisation.changeRole', { input: { userId: owner.userId, role: 'member' }, headers: second.headers }),
      ]);
      // The loser was demoted by the winner before its own change ran: it is now a member,
      // and a member may not demote an owner (checked inside the lock, issue 8).
      expect(replies.map((r) => r.status).sort(), `round ${round}`).toEqual([200, 403]);
      const remaining = replies[0]!.status === 200 ? owner.headers : second.headers;
      const owners = (await members(remaining)).members;
      expect(
        owners.filter((m) => m.role === 'owner'),
        `round ${round}`,
      ).toHaveLength(1);
    }
  }, 120_000);

  it('removing a member revokes their sessions at once', async () => {
    const owner = await accountWithToken(h, 'owner@eight.example');
    const member = await inviteAndJoin(owner.headers, 'leaving@eight.example');
    const cookie = refreshCookie(await signIn(h, 'leaving@eight.example'))!.value;
    expect((await h.http('task.list', { method: 'GET', input: {}, headers: member.headers })).status).toBe(200);

    expect((await h.http('organisation.removeMember', { input: { userId: member.userId }, headers: owner.headers })).status).toBe(
      200,
    );
    expect((await h.http('task.list', { method: 'GET', input: {}, headers: member.headers })).status).toBe(401); // access token still unexpired
    expect((await h.http('auth.refreshTokens', { headers: withCookie(cookie) })).status).toBe(401);
    expect((await signIn(h, 'leaving@eight.example')).status).toBe(401);
  });

  it("revokes a demoted admin's pending invitations, and acceptance re-checks the inviter's authority", async () => {
    const owner = await accountWithToken(h, 'owner@nine.example');
    const admin = await inviteAndJoin(owner.headers, 'admin@nine.example', 'admin');
    const invite = async (email: string) => {
      const since = Date.now();
      const sent = await h.http('organisation.invite', {
        input: { email, role: 'member' },
        headers: { ...admin.headers, ...personIp(email) },
      });
      expect(sent.status).toBe(200);
      const mail = await h.mail.waitFor(email, { since, subject: /invited you/ });
      return tokenFromLink(mail.links.find((l) => l.includes('/join?token='))!);
    };

    const beforeDemotion = await invite('guest1@nine.example');
    const demote = { input: { userId: admin.userId, role: 'member' }, headers: owner.headers };
    expect((await h.http('organisation.changeRole', demote)).status).toBe(200);
    const refused = await h.http('organisation.acceptInvitation', { input: { token: beforeDemotion } });
    expect(refused.body.error?.data['appCode']).toBe('INVALID_TOKEN');
    expect((await h.http('organisation.invitations', { method: 'GET', headers: owner.headers })).body.result?.data).toEqual([]);

    // Authority lost by any path (here written straight to the database) also voids the link.
    const promote = { input: { userId: admin.userId, role: 'admin' }, headers: owner.headers };
    expect((await h.http('organisation.changeRole', promote)).status).toBe(200);
    const orphan = await invite('guest2@nine.example');
    await h.deps.db.orm.users.where({ _id: admin.userId }).update({ role: 'member' });
    expect((await h.http('organisation.acceptInvitation', { input: { token: orphan } })).body.error?.data['appCode']).toBe(
      'INVALID_TOKEN',
    );
  });
});
