import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/trpc/routers/_app';
import { createHarness, type Caller, type Harness } from '../support/harness';
import { expectAppError, member, outcome } from '../support/calls';
import { PASSWORD, personIp, tokenFromLink } from '../support/flows';
import { asSession } from '../support/as-session';

let h: Harness;
let alice: Awaited<ReturnType<typeof member>>; // owner of A
let bob: Awaited<ReturnType<typeof member>>; // owner of B
beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_SCALE: '100' });
  alice = await member(h, 'alice@a.example');
  bob = await member(h, 'bob@b.example');
});
afterAll(() => h.close());

/**
 * Every procedure that works in an organisation, called with valid input naming things of
 * organisation B. The test below fails when a procedure is added to the router without a line
 * here, so no organisation call goes untested.
 */
function everyOrganisationCall(
  api: Caller,
  b: { taskId: string; listId: string; invitationId: string; userId: string; commentId: string },
) {
  return {
    'task.list': () => api.task.list(),
    'task.mine': () => api.task.mine(),
    'task.upcoming': () => api.task.upcoming(),
    'task.search': () => api.task.search({ query: 'secret' }),
    'organisation.setTimeZone': () => api.organisation.setTimeZone({ timeZone: 'Europe/Paris' }),
    'task.create': () => api.task.create({ title: 'smuggled' }),
    'task.update': () => api.task.update({ id: b.taskId, title: 'changed' }),
    'task.toggle': () => api.task.toggle({ id: b.taskId, done: true }),
    'task.delete': () => api.task.delete({ id: b.taskId }),
    'task.move': () => api.task.move({ id: b.taskId, listId: b.listId, afterId: null, beforeId: null }),
    'task.activity': () => api.task.activity({ taskId: b.taskId }),
    'comment.list': () => api.comment.list({ taskId: b.taskId }),
    'comment.add': () => api.comment.add({ taskId: b.taskId, body: 'smuggled', mentions: [] }),
    'comment.edit': () => api.comment.edit({ id: b.commentId, body: 'changed', mentions: [] }),
    'comment.delete': () => api.comment.delete({ id: b.commentId }),
    'list.all': () => api.list.all(),
    'list.create': () => api.list.create({ name: 'smuggled' }),
    'list.rename': () => api.list.rename({ id: b.listId, name: 'changed' }),
    'list.move': () => api.list.move({ id: b.listId, afterId: null }),
    'list.archive': () => api.list.archive({ id: b.listId, archived: true }),
    'list.delete': () => api.list.delete({ id: b.listId, confirmName: 'Tasks' }),
    'organisation.members': () => api.organisation.members(),
    'organisation.invitations': () => api.organisation.invitations(),
    'organisation.activity': () => api.organisation.activity(),
    'organisation.invite': () => api.organisation.invite({ email: 'stray@b.example', role: 'member' }),
    'organisation.revokeInvitation': () => api.organisation.revokeInvitation({ id: b.invitationId }),
    'organisation.changeRole': () => api.organisation.changeRole({ userId: b.userId, role: 'member' }),
    'organisation.removeMember': () => api.organisation.removeMember({ userId: b.userId }),
    'organisation.leave': () => api.organisation.leave(),
    'organisation.rename': () => api.organisation.rename({ name: 'Taken over' }),
    'organisation.setSecondFactorPolicy': () => api.organisation.setSecondFactorPolicy({ required: false, password: PASSWORD }),
    'organisation.transferOwnership': () => api.organisation.transferOwnership({ userId: b.userId, password: PASSWORD }),
    'organisation.delete': () => api.organisation.delete({ confirmation: "bob's organisation", password: PASSWORD }),
  } satisfies Record<string, () => Promise<unknown>>;
}

// Procedures under task.*, comment.*, list.* and organisation.* that name no organisation.
const NOT_IN_AN_ORGANISATION = ['organisation.create', 'organisation.acceptInvitation'];

async function organisationB() {
  const api = bob.api;
  const task = await api.task.create({ title: "Bob's task" });
  const invitation = await api.organisation.invite({ email: 'pending@b.example', role: 'member' });
  const comment = await api.comment.add({ taskId: task.id, body: "Bob's comment", mentions: [] });
  return { taskId: task.id, listId: task.listId, invitationId: invitation.id, userId: bob.userId, commentId: comment.id };
}

async function snapshotB() {
  const db = h.deps.db.mongo;
  const byOrg = { organisationId: new (await import('mongodb')).ObjectId(bob.organisationId) };
  return JSON.stringify(
    await Promise.all([
      db.collection('tasks').find(byOrg).toArray(),
      db
        .collection('invitations')
        .find(byOrg, { projection: { tokenHash: 0 } })
        .toArray(),
      db.collection('memberships').find(byOrg).toArray(),
      db.collection('organisations').find({ _id: byOrg.organisationId }).toArray(),
      db.collection('lists').find(byOrg).toArray(),
      db.collection('taskOrders').find(byOrg).toArray(),
      db.collection('taskComments').find(byOrg).toArray(),
      db.collection('taskActivity').find(byOrg).toArray(),
    ]),
  );
}

describe('isolation between organisations', () => {
  it('covers every procedure of the task and organisation routers', () => {
    const names = Object.keys(appRouter._def.procedures).filter((p) => /^(task|comment|list|organisation)\./.test(p));
    const covered = Object.keys(
      everyOrganisationCall({} as Caller, { taskId: '', listId: '', invitationId: '', userId: '', commentId: '' }),
    );
    expect(names.filter((n) => !NOT_IN_AN_ORGANISATION.includes(n)).sort()).toEqual(covered.sort());
  });

  it("refuses a member of A naming B, for every procedure, as NOT_FOUND, and B's data is unchanged", async () => {
    const b = await organisationB();
    const before = await snapshotB();
    const naming = await h.caller(alice.accessToken, { organisationId: bob.organisationId });
    for (const [name, call] of Object.entries(everyOrganisationCall(naming, b))) {
      expect(await outcome(call()), name).toBe('NOT_FOUND');
    }
    // Naming no organisation at all is a clear 400, not someone else's data either.
    const none = await h.caller(alice.accessToken, { organisationId: null });
    await expectAppError(none.task.list(), 'ORGANISATION_REQUIRED');
    // Working in A, B's task and invitation ids are not found either.
    const inA = await h.caller(alice.accessToken, { organisationId: alice.organisationId });
    await expectAppError(inA.task.update({ id: b.taskId, title: 'x' }), 'NOT_FOUND');
    await expectAppError(inA.organisation.revokeInvitation({ id: b.invitationId }), 'NOT_FOUND');
    await expectAppError(inA.organisation.removeMember({ userId: bob.userId }), 'NOT_FOUND');
    expect(await snapshotB()).toBe(before);
  });

  it('refuses an ex-member at once, with a still-valid access token, for every procedure', async () => {
    const since = Date.now();
    await bob.api.organisation.invite({ email: 'carol@b.example', role: 'admin' });
    const mail = await h.mail.waitFor('carol@b.example', { since });
    const guest = await h.caller(undefined, { ip: personIp('carol@b.example')['x-forwarded-for'] });
    const accepted = await guest.organisation.acceptInvitation({
      token: tokenFromLink(mail.links.find((l) => l.includes('/join?'))!),
    });
    if (accepted.kind !== 'choose-password') throw new Error('carol is new');
    const session = asSession(
      await guest.auth.setPassword({ token: accepted.passwordToken, password: PASSWORD, delivery: 'body' }),
    );
    const carol = await h.caller(session.accessToken, { organisationId: bob.organisationId });
    expect((await carol.task.list()).tasks.length).toBeGreaterThan(0);

    await bob.api.organisation.removeMember({ userId: session.user.id });
    const b = await organisationB();
    const before = await snapshotB();
    for (const [name, call] of Object.entries(everyOrganisationCall(carol, b))) {
      expect(await outcome(call()), name).toBe('NOT_FOUND');
    }
    expect(await snapshotB()).toBe(before);
  });
});
