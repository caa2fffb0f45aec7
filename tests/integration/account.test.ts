import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membershipsOf } from '@/server/organisation/membership';
import { createHarness, type Harness, type HttpReply } from '../support/harness';
import { createAccount, data, PASSWORD, personIp, refreshCookie, signIn, tokenFromLink, withCookie } from '../support/flows';

const NEW_PASSWORD = 'a different long passphrase';
const FIREFOX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => h.close());

type SignedIn = { accessToken: string; cookie: string; headers: { authorization: string } };
async function session(email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<SignedIn> {
  const reply = await signIn(h, email, password, { ...personIp(email), ...headers });
  expect(reply.status).toBe(200);
  const { accessToken } = data<{ accessToken: string }>(reply);
  return { accessToken, cookie: refreshCookie(reply)!.value, headers: { authorization: `Bearer ${accessToken}` } };
}
const me = (who: SignedIn) => h.http('auth.me', { method: 'GET', headers: who.headers });
const appCode = (reply: HttpReply) => reply.body.error?.data['appCode'];
const fieldErrors = (reply: HttpReply) => reply.body.error?.data['fieldErrors'] as Record<string, string> | undefined;
const userOf = (email: string) => h.deps.db.orm.users.where({ email }).select('_id', 'email', 'passwordHash').first();

describe('change password', () => {
  it('ends every other session at once, keeps this one, and emails a reset link', async () => {
    await createAccount(h, 'changer@example.com');
    const here = await session('changer@example.com');
    const there = await session('changer@example.com');
    const since = Date.now();

    const changed = await h.http('account.changePassword', {
      input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      headers: here.headers,
    });
    expect(changed.status).toBe(200);
    expect((await me(there)).status).toBe(401);
    expect((await h.http('auth.refreshTokens', { headers: withCookie(there.cookie) })).status).toBe(401);
    expect((await me(here)).status).toBe(200);
    expect((await signIn(h, 'changer@example.com', PASSWORD)).status).toBe(401);
    expect((await signIn(h, 'changer@example.com', NEW_PASSWORD)).status).toBe(200);

    const notice = await h.mail.waitFor('changer@example.com', { since, subject: /password was changed/i });
    const reset = notice.links.find((l) => l.includes('/set-password?token='))!;
    expect(reset).toBeDefined();
    const valid = await h.http('auth.verifyPasswordToken', { input: { token: tokenFromLink(reset) } });
    expect(data<{ valid: boolean }>(valid).valid).toBe(true);
  });

  it('refuses a wrong current password and a weak new one with clear messages, changing nothing', async () => {
    await createAccount(h, 'careful@example.com');
    const here = await session('careful@example.com');
    const wrong = await h.http('account.changePassword', {
      input: { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD },
      headers: here.headers,
    });
    expect(wrong.status).toBe(400);
    expect(appCode(wrong)).toBe('WRONG_PASSWORD');
    const short = await h.http('account.changePassword', {
      input: { currentPassword: PASSWORD, newPassword: 'short' },
      headers: here.headers,
    });
    expect(short.status).toBe(400);
    expect(fieldErrors(short)?.['newPassword']).toMatch(/at least/i);
    expect((await signIn(h, 'careful@example.com', PASSWORD)).status).toBe(200);
  });
});

describe('the password re-check has its own limit', () => {
  it('counts every attempt, even concurrent ones, without locking the owner out of signing in', async () => {
    const strict = await createHarness();
    try {
      await createAccount(strict, 'stolen@example.com');
      const reply = await signIn(strict, 'stolen@example.com', PASSWORD, personIp('stolen@example.com'));
      const headers = { authorization: `Bearer ${data<{ accessToken: string }>(reply).accessToken}` };
      const guesses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          strict.http('account.changePassword', {
            input: { currentPassword: `wrong guess number ${i}`, newPassword: NEW_PASSWORD },
            headers,
          }),
        ),
      );
      const codes = guesses.map((g) => g.body.error?.data['appCode']);
      // Concurrent attempts may refuse more than needed (all eight, when every insert lands
      // before any count), never check more than five.
      const checked = codes.filter((c) => c === 'WRONG_PASSWORD').length;
      expect(checked).toBeLessThanOrEqual(5);
      expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(8 - checked);
      for (let i = checked; i < 5; i++) {
        const more = await strict.http('account.changePassword', {
          input: { currentPassword: `one more wrong guess ${i}`, newPassword: NEW_PASSWORD },
          headers,
        });
        expect(more.body.error?.data['appCode']).toBe('WRONG_PASSWORD');
      }
      // Even the right password waits now…
      const right = await strict.http('account.changePassword', {
        input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        headers,
      });
      expect(right.body.error?.data['appCode']).toBe('RATE_LIMITED');
      // …but signing in is a different counter.
      expect((await signIn(strict, 'stolen@example.com', PASSWORD, personIp('stolen@example.com'))).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('change email', () => {
  async function requestChange(who: SignedIn, newEmail: string) {
    return h.http('account.requestEmailChange', { input: { password: PASSWORD, newEmail }, headers: who.headers });
  }
  async function changeLink(newEmail: string, since: number): Promise<string> {
    const mail = await h.mail.waitFor(newEmail, { since, subject: /confirm your new email/i });
    return tokenFromLink(mail.links.find((l) => l.includes('/confirm-email?token='))!);
  }

  it('changes the address only when the link is confirmed, ends other sessions, and tells the old address', async () => {
    await createAccount(h, 'mover@example.com');
    const here = await session('mover@example.com');
    const there = await session('mover@example.com');
    const since = Date.now();
    expect((await requestChange(here, 'Moved@Example.com')).status).toBe(200);

    const requested = await h.mail.waitFor('mover@example.com', { since, subject: /asked to change your tasklane email/i });
    expect(requested.text).toContain('moved@example.com');
    const token = await changeLink('moved@example.com', since);
    expect((await userOf('mover@example.com'))?.email).toBe('mover@example.com');

    const peek = await h.http('account.peekEmailChange', { input: { token } });
    expect(data<{ newEmail: string }>(peek).newEmail).toBe('moved@example.com');
    expect((await userOf('mover@example.com'))?.email).toBe('mover@example.com');

    const confirmed = await h.http('account.confirmEmailChange', { input: { token } });
    expect(data<{ email: string }>(confirmed).email).toBe('moved@example.com');
    expect(await userOf('mover@example.com')).toBeNull();
    expect((await me(here)).status).toBe(200);
    expect((await me(there)).status).toBe(401);
    expect((await signIn(h, 'moved@example.com', PASSWORD)).status).toBe(200);
    expect((await signIn(h, 'mover@example.com', PASSWORD)).status).toBe(401);
    const done = await h.mail.waitFor('mover@example.com', { since, subject: /email was changed/i });
    expect(done.links.some((l) => l.includes('/revert-email?token='))).toBe(true);

    const again = await h.http('account.confirmEmailChange', { input: { token } });
    expect(appCode(again)).toBe('INVALID_TOKEN');
  });

  it('answers the same when the new address has an account, and tells that address instead', async () => {
    await createAccount(h, 'asker@example.com');
    await createAccount(h, 'taken@example.com');
    const asker = await session('asker@example.com');
    const since = Date.now();
    const toTaken = await requestChange(asker, 'taken@example.com');
    const toFree = await requestChange(asker, 'free-address@example.com');
    expect(toTaken.status).toBe(toFree.status);
    expect(toTaken.body).toEqual(toFree.body);
    const note = await h.mail.waitFor('taken@example.com', { since, subject: /already has a tasklane account/i });
    expect(note.links.some((l) => l.includes('token='))).toBe(false);
  });

  it('lets exactly one of many concurrent confirmations of one link win, every time', async () => {
    for (let round = 0; round < 5; round++) {
      const email = `racer${round}@example.com`;
      await createAccount(h, email);
      const who = await session(email);
      const since = Date.now();
      expect((await requestChange(who, `raced${round}@example.com`)).status).toBe(200);
      const token = await changeLink(`raced${round}@example.com`, since);
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => h.http('account.confirmEmailChange', { input: { token } })),
      );
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      expect(replies.filter((r) => appCode(r) === 'INVALID_TOKEN')).toHaveLength(9);
      expect((await userOf(`raced${round}@example.com`))?.email).toBe(`raced${round}@example.com`);
    }
  });

  it('refuses a link for an address taken meanwhile, with nothing half-changed', async () => {
    await createAccount(h, 'slow@example.com');
    const here = await session('slow@example.com');
    const there = await session('slow@example.com');
    const since = Date.now();
    expect((await requestChange(here, 'contested@example.com')).status).toBe(200);
    const token = await changeLink('contested@example.com', since);
    await createAccount(h, 'contested@example.com');

    const refused = await h.http('account.confirmEmailChange', { input: { token } });
    expect(refused.status).toBe(409);
    expect(appCode(refused)).toBe('EMAIL_TAKEN');
    expect((await userOf('slow@example.com'))?.email).toBe('slow@example.com');
    expect((await me(there)).status).toBe(200);
    expect((await signIn(h, 'slow@example.com', PASSWORD)).status).toBe(200);
  });

  it('undoes a change from the old address: the address comes back, every session ends, a new password is chosen', async () => {
    await createAccount(h, 'victim@example.com');
    const thief = await session('victim@example.com');
    const since = Date.now();
    expect((await requestChange(thief, 'thief@example.com')).status).toBe(200);
    const token = await changeLink('thief@example.com', since);
    expect((await h.http('account.confirmEmailChange', { input: { token } })).status).toBe(200);

    const done = await h.mail.waitFor('victim@example.com', { since, subject: /email was changed/i });
    const revert = tokenFromLink(done.links.find((l) => l.includes('/revert-email?token='))!);
    const reverted = await h.http('account.revertEmailChange', { input: { token: revert } });
    expect(reverted.status).toBe(200);
    const { passwordToken, email } = data<{ passwordToken: string; email: string }>(reverted);
    expect(email).toBe('victim@example.com');
    expect((await me(thief)).status).toBe(401);
    expect((await signIn(h, 'thief@example.com', PASSWORD)).status).toBe(401);
    expect((await signIn(h, 'victim@example.com', PASSWORD)).status).toBe(401);

    const set = await h.http('auth.setPassword', { input: { token: passwordToken, password: NEW_PASSWORD } });
    expect(set.status).toBe(200);
    expect((await signIn(h, 'victim@example.com', NEW_PASSWORD)).status).toBe(200);
    expect(appCode(await h.http('account.revertEmailChange', { input: { token: revert } }))).toBe('INVALID_TOKEN');
  });

  it('cancels a pending change from the request notice', async () => {
    await createAccount(h, 'quick@example.com');
    const thief = await session('quick@example.com');
    const since = Date.now();
    expect((await requestChange(thief, 'elsewhere@example.com')).status).toBe(200);
    const token = await changeLink('elsewhere@example.com', since);
    const requested = await h.mail.waitFor('quick@example.com', { since, subject: /asked to change/i });
    const cancel = tokenFromLink(requested.links.find((l) => l.includes('/revert-email?token='))!);
    expect((await h.http('account.revertEmailChange', { input: { token: cancel } })).status).toBe(200);
    expect(appCode(await h.http('account.confirmEmailChange', { input: { token } }))).toBe('INVALID_TOKEN');
    expect((await userOf('quick@example.com'))?.email).toBe('quick@example.com');
    expect((await me(thief)).status).toBe(401);
  });

  it('refuses the current address and a wrong password', async () => {
    await createAccount(h, 'same@example.com');
    const who = await session('same@example.com');
    expect(appCode(await requestChange(who, 'same@example.com'))).toBe('SAME_EMAIL');
    const wrong = await h.http('account.requestEmailChange', {
      input: { password: 'not the password here', newEmail: 'x@example.com' },
      headers: who.headers,
    });
    expect(appCode(wrong)).toBe('WRONG_PASSWORD');
    const bad = await h.http('account.requestEmailChange', {
      input: { password: PASSWORD, newEmail: 'nope' },
      headers: who.headers,
    });
    expect(fieldErrors(bad)?.['newEmail']).toMatch(/valid email/i);
  });
});

describe('delete account', () => {
  const typed = 'Delete my account';

  it('refuses the only owner of an organisation with other members, with a clear code', async () => {
    const owner = await createAccount(h, 'boss@example.com');
    const headers = { authorization: `Bearer ${data<{ accessToken: string }>(owner).accessToken}` };
    const since = Date.now();
    await h.http('organisation.invite', { input: { email: 'helper@example.com', role: 'member' }, headers });
    const invitation = await h.mail.waitFor('helper@example.com', { since });
    const joined = await h.http('organisation.acceptInvitation', {
      input: { token: tokenFromLink(invitation.links.find((l) => l.includes('/join?token='))!) },
    });
    const { passwordToken } = data<{ passwordToken: string }>(joined);
    expect((await h.http('auth.setPassword', { input: { token: passwordToken, password: PASSWORD } })).status).toBe(200);

    const refused = await h.http('account.deleteAccount', { input: { password: PASSWORD, confirmation: typed }, headers });
    expect(refused.status).toBe(409);
    expect(appCode(refused)).toBe('SOLE_OWNER');
    expect(await userOf('boss@example.com')).not.toBeNull();
  });

  it("removes a member's account and sessions; their tasks stay, written by a deleted user", async () => {
    const owner = await createAccount(h, 'keeper@example.com');
    const ownerHeaders = { authorization: `Bearer ${data<{ accessToken: string }>(owner).accessToken}` };
    const since = Date.now();
    await h.http('organisation.invite', { input: { email: 'leaver@example.com', role: 'member' }, headers: ownerHeaders });
    const invitation = await h.mail.waitFor('leaver@example.com', { since });
    const joined = await h.http('organisation.acceptInvitation', {
      input: { token: tokenFromLink(invitation.links.find((l) => l.includes('/join?token='))!) },
    });
    await h.http('auth.setPassword', {
      input: { token: data<{ passwordToken: string }>(joined).passwordToken, password: PASSWORD },
    });
    const leaver = await session('leaver@example.com');
    await h.http('task.create', { input: { title: 'Left behind' }, headers: leaver.headers });

    const wrongWords = await h.http('account.deleteAccount', {
      input: { password: PASSWORD, confirmation: 'yes' },
      headers: leaver.headers,
    });
    expect(fieldErrors(wrongWords)?.['confirmation']).toMatch(/delete my account/);
    const leaverId = new ObjectId((await userOf('leaver@example.com'))!._id);
    const ownEvents = () =>
      h.deps.db.mongo.collection('auditEvents').countDocuments({ userId: leaverId, type: 'sign_in.succeeded' });
    expect(await ownEvents()).toBeGreaterThan(0);
    const deleted = await h.http('account.deleteAccount', {
      input: { password: PASSWORD, confirmation: typed },
      headers: leaver.headers,
    });
    expect(deleted.status).toBe(200);
    expect(deleted.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await me(leaver)).status).toBe(401);
    expect((await h.http('auth.refreshTokens', { headers: withCookie(leaver.cookie) })).status).toBe(401);
    expect(await userOf('leaver@example.com')).toBeNull();
    // Its own activity (sign-ins with their IPs) went with it; the organisation keeps its events.
    expect(await ownEvents()).toBe(0);
    await h.mail.waitFor('leaver@example.com', { since, subject: /account was deleted/i });

    const list = await h.http('task.list', { method: 'GET', input: { limit: 10 }, headers: ownerHeaders });
    const tasks = data<{ tasks: { title: string; author: string }[] }>(list).tasks;
    expect(tasks.find((t) => t.title === 'Left behind')?.author).toBe('deleted user');
    const activity = data<{ type: string; actorEmail: string }[]>(
      await h.http('organisation.activity', { method: 'GET', headers: ownerHeaders }),
    );
    expect(activity.map((e) => e.type)).toEqual(
      expect.arrayContaining(['account.deleted', 'invitation.accepted', 'invitation.sent']),
    );
  });

  it('takes an organisation left with no members, with its tasks', async () => {
    const alone = data<{ accessToken: string; user: { id: string } }>(await createAccount(h, 'alone@example.com'));
    const headers = { authorization: `Bearer ${alone.accessToken}` };
    const orgId = (await membershipsOf(h.deps, alone.user.id))[0]!.organisationId;
    await h.http('task.create', { input: { title: 'Mine only' }, headers });
    const deleted = await h.http('account.deleteAccount', { input: { password: PASSWORD, confirmation: typed }, headers });
    expect(deleted.status).toBe(200);
    expect(await membershipsOf(h.deps, alone.user.id)).toEqual([]);
    expect(await h.deps.db.orm.organisations.where({ _id: orgId }).first()).toBeNull();
    expect(await h.deps.db.orm.tasks.where({ organisationId: orgId }).all()).toHaveLength(0);
  });
});

describe('security activity', () => {
  it("shows the person's sign-ins (with device) and failures, and the organisation's events to its owner only", async () => {
    const owner = data<{ accessToken: string }>(await createAccount(h, 'watcher@example.com'));
    await signIn(h, 'watcher@example.com', 'definitely not it', { 'user-agent': FIREFOX });
    const here = await session('watcher@example.com', PASSWORD, { 'user-agent': FIREFOX });
    await h.http('organisation.invite', {
      input: { email: 'watched@example.com', role: 'admin' },
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });

    let events: { type: string; device: string | null; ip: string | null }[] = [];
    for (let i = 0; i < 40 && !events.some((e) => e.type === 'sign_in.failed'); i++) {
      // The failure is written without making its reply wait.
      events = data<typeof events>(await h.http('account.activity', { method: 'GET', headers: here.headers }));
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['sign_in.succeeded', 'sign_in.failed', 'password.set']));
    expect(events.find((e) => e.type === 'sign_in.succeeded')?.device).toBe('Firefox 133 on Ubuntu');
    expect(events.find((e) => e.type === 'sign_in.succeeded')?.ip).toBeTruthy();

    const orgEvents = data<{ type: string; ip: string | null; targetEmail: string | null }[]>(
      await h.http('organisation.activity', { method: 'GET', headers: here.headers }),
    );
    expect(orgEvents.map((e) => e.type)).toEqual(['invitation.sent']);
    expect(orgEvents[0]!.targetEmail).toBe('watched@example.com');
    expect(orgEvents.every((e) => e.ip === null)).toBe(true);

    const stored = JSON.stringify(await h.deps.db.mongo.collection('auditEvents').find({}).toArray());
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toMatch(/\$tlp1\$|tokenHash|passwordHash/);
  });

  it('keeps organisation activity from plain members', async () => {
    const owner = data<{ accessToken: string }>(await createAccount(h, 'lead@example.com'));
    const since = Date.now();
    await h.http('organisation.invite', {
      input: { email: 'plain@example.com', role: 'member' },
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    const invitation = await h.mail.waitFor('plain@example.com', { since });
    const joined = await h.http('organisation.acceptInvitation', {
      input: { token: tokenFromLink(invitation.links.find((l) => l.includes('/join?token='))!) },
    });
    const set = await h.http('auth.setPassword', {
      input: { token: data<{ passwordToken: string }>(joined).passwordToken, password: PASSWORD },
    });
    const plain = { authorization: `Bearer ${data<{ accessToken: string }>(set).accessToken}` };
    expect((await h.http('organisation.activity', { method: 'GET', headers: plain })).status).toBe(403);
  });
});

describe('new-device notice', () => {
  it('is sent for a browser the account has not used, never for the first sign-in or a known browser', async () => {
    const since = Date.now();
    const first = await createAccount(h, 'traveller@example.com');
    const deviceCookie = /tl_device=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')?.[1];
    expect(deviceCookie).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const known = await signIn(h, 'traveller@example.com', PASSWORD, {
      cookie: `tl_device=${deviceCookie}`,
      'user-agent': FIREFOX,
    });
    expect(known.status).toBe(200);
    const fresh = await signIn(h, 'traveller@example.com', PASSWORD, { 'user-agent': FIREFOX, ...personIp('elsewhere') });
    expect(fresh.status).toBe(200);
    const notice = await h.mail.waitFor('traveller@example.com', { since, subject: /new sign-in/i });
    expect(notice.subject).toContain('Firefox 133 on Ubuntu');
    expect(notice.text).toContain(personIp('elsewhere')['x-forwarded-for']);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.mail.messages.filter((m) => m.to === 'traveller@example.com' && /new sign-in/i.test(m.subject))).toHaveLength(1);
    const stored = await h.deps.db.mongo.collection('knownDevices').find({}).toArray();
    expect(JSON.stringify(stored)).not.toContain(deviceCookie);
  });
});

describe('your data', () => {
  it('holds the profile, membership, tasks and activity, and no secret', async () => {
    await createAccount(h, 'exporter@example.com');
    const who = await session('exporter@example.com');
    await h.http('task.create', { input: { title: 'Exported task' }, headers: who.headers });
    const exported = data<{
      profile: { email: string };
      memberships: { role: string }[];
      tasksCreated: { title: string }[];
      securityActivity: { type: string }[];
    }>(await h.http('account.exportData', { method: 'GET', headers: who.headers }));
    expect(exported.profile.email).toBe('exporter@example.com');
    expect(exported.memberships[0]?.role).toBe('owner');
    expect(exported.tasksCreated.map((t) => t.title)).toEqual(['Exported task']);
    expect(exported.securityActivity.map((e) => e.type)).toContain('sign_in.succeeded');
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/\$tlp1\$|tokenHash|passwordHash/);
  });
});
