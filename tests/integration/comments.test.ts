import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { expectAppError, joinByInvitation, member } from '../support/calls';
import { createUnsubscribeHandler } from '@/server/http/unsubscribe-handler';
import { notifyPeople, QUIET_MS } from '@/server/tasks/notify';
import { loadMember } from '@/server/organisation/membership';

// Issue 23: comments with @mentions, each task's activity, and emails for mentions and
// assignments (through the outbox, at most one per person per task per 10 minutes, RFC 8058
// one-click unsubscribe).
let h: Harness;
let owner: Awaited<ReturnType<typeof member>>;
let ann: Awaited<ReturnType<typeof joinByInvitation>>;
let bob: Awaited<ReturnType<typeof joinByInvitation>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await member(h, 'owner@talk.example');
  ann = await joinByInvitation(h, owner, 'ann@talk.example');
  bob = await joinByInvitation(h, owner, 'bob@talk.example');
  await ann.api.account.setName({ name: 'Ann Lee' });
  await bob.api.account.setName({ name: 'Bob' });
});
afterAll(() => h.close());

/** The task emails queued for an address, of one kind. */
const queued = async (to: string, kind: 'task-mentioned' | 'task-assigned') =>
  (await h.deps.db.orm.outbox.where({ to }).select('kind').all()).filter((m) => m.kind === kind).length;

describe('comments', () => {
  it('are listed oldest first with their mentions; only the body’s named members are mentioned', async () => {
    const task = await owner.api.task.create({ title: 'Plan the launch' });
    const outsider = await member(h, 'outsider@talk.example');
    const first = await owner.api.comment.add({
      taskId: task.id,
      body: '@Ann Lee can you draft it? (Bob is not named with an at)',
      mentions: [ann.userId, bob.userId, outsider.userId],
    });
    expect(first.mentions).toEqual([{ id: ann.userId, name: 'Ann Lee' }]);
    await ann.api.comment.add({ taskId: task.id, body: 'On it.', mentions: [] });
    const listed = await bob.api.comment.list({ taskId: task.id });
    expect(listed.map((c) => [c.author, c.body])).toEqual([
      ['owner', first.body],
      ['Ann Lee', 'On it.'],
    ]);
    // Another organisation learns nothing: the task is not found.
    await expectAppError(outsider.api.comment.list({ taskId: task.id }), 'NOT_FOUND');
    await expectAppError(outsider.api.comment.add({ taskId: task.id, body: 'hi', mentions: [] }), 'NOT_FOUND');
  });

  it('are edited and deleted by their author only, and not written on an archived list', async () => {
    const list = await owner.api.list.create({ name: 'Talk' });
    const task = await owner.api.task.create({ listId: list.id, title: 'Edit me' });
    const comment = await ann.api.comment.add({ taskId: task.id, body: 'first words', mentions: [] });
    await expectAppError(bob.api.comment.edit({ id: comment.id, body: 'mine now', mentions: [] }), 'FORBIDDEN');
    await expectAppError(owner.api.comment.delete({ id: comment.id }), 'FORBIDDEN');
    const edited = await ann.api.comment.edit({ id: comment.id, body: 'better words', mentions: [] });
    expect(edited.body).toBe('better words');
    expect(edited.editedAt).not.toBeNull();
    await owner.api.list.archive({ id: list.id, archived: true });
    await expectAppError(bob.api.comment.add({ taskId: task.id, body: 'late', mentions: [] }), 'LIST_ARCHIVED');
    await owner.api.list.archive({ id: list.id, archived: false });
    await ann.api.comment.delete({ id: comment.id });
    expect(await owner.api.comment.list({ taskId: task.id })).toEqual([]);
    await expectAppError(ann.api.comment.delete({ id: comment.id }), 'NOT_FOUND');
  });

  it('go with their task, and its history with them', async () => {
    const task = await owner.api.task.create({ title: 'Short-lived' });
    await owner.api.comment.add({ taskId: task.id, body: 'soon gone', mentions: [] });
    await owner.api.task.delete({ id: task.id });
    expect(await h.deps.db.orm.taskComments.where({ taskId: task.id }).all()).toEqual([]);
    expect(await h.deps.db.orm.taskActivity.where({ taskId: task.id }).all()).toEqual([]);
  });
});

describe('activity', () => {
  it('records who created, assigned, set the due day, moved, completed, reopened and commented', async () => {
    const elsewhere = await owner.api.list.create({ name: 'Elsewhere' });
    const task = await owner.api.task.create({ title: 'Tracked' });
    h.advance(1000);
    await owner.api.task.update({ id: task.id, assigneeId: ann.userId });
    h.advance(1000);
    await ann.api.task.update({ id: task.id, dueDate: '2027-02-01', title: 'Tracked, renamed' });
    h.advance(1000);
    await ann.api.task.move({ id: task.id, listId: elsewhere.id, afterId: null, beforeId: null });
    h.advance(1000);
    await ann.api.task.toggle({ id: task.id, done: true });
    h.advance(1000);
    await bob.api.task.toggle({ id: task.id, done: false });
    h.advance(1000);
    await bob.api.comment.add({ taskId: task.id, body: 'noted', mentions: [] });
    h.advance(1000);
    await owner.api.task.update({ id: task.id, dueDate: null, assigneeId: null });
    const activity = await bob.api.task.activity({ taskId: task.id });
    expect(activity.map(({ kind, by, assignee, dueDate, from, to }) => ({ kind, by, assignee, dueDate, from, to }))).toEqual(
      [
        { kind: 'due', by: 'owner', dueDate: null },
        { kind: 'assigned', by: 'owner', assignee: null },
        { kind: 'commented', by: 'Bob' },
        { kind: 'reopened', by: 'Bob' },
        { kind: 'completed', by: 'Ann Lee' },
        { kind: 'moved', by: 'Ann Lee', from: 'Tasks', to: 'Elsewhere' },
        { kind: 'due', by: 'Ann Lee', dueDate: '2027-02-01' },
        { kind: 'assigned', by: 'owner', assignee: 'Ann Lee' },
        { kind: 'created', by: 'owner' },
      ].map((entry) => ({ assignee: undefined, dueDate: undefined, from: undefined, to: undefined, ...entry })),
    );
    const outsider = await member(h, 'nosy@talk.example');
    await expectAppError(outsider.api.task.activity({ taskId: task.id }), 'NOT_FOUND');
  });
});

describe('task emails', () => {
  it('a mention and an assignment each email once, never the one who acted, at most once per task per 10 minutes', async () => {
    const task = await owner.api.task.create({ title: 'Quarterly report' });
    const [mentionsBefore, assignedBefore] = [
      await queued('ann@talk.example', 'task-mentioned'),
      await queued('ann@talk.example', 'task-assigned'),
    ];
    const since = Date.now();
    await owner.api.comment.add({ taskId: task.id, body: '@Ann Lee and @owner, look', mentions: [ann.userId, owner.userId] });
    const mail = await h.mail.waitFor('ann@talk.example', { since, subject: /owner mentioned you on “Quarterly report”/ });
    expect(mail.text).toContain('@Ann Lee and @owner, look');
    expect(await queued('owner@talk.example', 'task-mentioned')).toBe(0);

    // Within the quiet window: a second mention and an assignment of the same task send nothing.
    await bob.api.comment.add({ taskId: task.id, body: 'again @Ann Lee', mentions: [ann.userId] });
    await bob.api.task.update({ id: task.id, assigneeId: ann.userId });
    expect(await queued('ann@talk.example', 'task-mentioned')).toBe(mentionsBefore + 1);
    expect(await queued('ann@talk.example', 'task-assigned')).toBe(assignedBefore);

    // Assigning oneself emails nobody; another task is another window.
    const other = await owner.api.task.create({ title: 'Other work' });
    await ann.api.task.update({ id: other.id, assigneeId: ann.userId });
    expect(await queued('ann@talk.example', 'task-assigned')).toBe(assignedBefore);
    const sinceAssigned = Date.now();
    await owner.api.task.create({ title: 'Fresh one', assigneeId: bob.userId, dueDate: '2027-03-03' });
    const assigned = await h.mail.waitFor('bob@talk.example', { since: sinceAssigned, subject: /assigned you “Fresh one”/ });
    expect(assigned.text).toContain('due 2027-03-03');

    h.advance(QUIET_MS + 1000);
    await bob.api.comment.add({ taskId: task.id, body: '@Ann Lee once more', mentions: [ann.userId] });
    expect(await queued('ann@talk.example', 'task-mentioned')).toBe(mentionsBefore + 2);
  });

  it('twenty mentions of one person at once queue one email, in a new window and once it is over (10 rounds)', async () => {
    const me = await loadMember(h.deps, { userId: owner.userId } as never, owner.organisationId);
    const before = await queued('bob@talk.example', 'task-mentioned');
    for (let round = 0; round < 10; round++) {
      const task = await owner.api.task.create({ title: `Race ${round}` });
      await Promise.all(
        Array.from({ length: 20 }, () => notifyPeople(h.deps, me, { id: task.id, title: task.title }, 'mentions', [bob.userId])),
      );
      expect(await queued('bob@talk.example', 'task-mentioned')).toBe(before + 2 * round + 1);
      // The window over: twenty at once take it over, and again one wins.
      h.advance(QUIET_MS + 1000);
      await Promise.all(
        Array.from({ length: 20 }, () => notifyPeople(h.deps, me, { id: task.id, title: task.title }, 'mentions', [bob.userId])),
      );
      expect(await queued('bob@talk.example', 'task-mentioned')).toBe(before + 2 * round + 2);
    }
  });

  it('carry RFC 8058 one-click unsubscribe: the signed link turns that kind off, a forged one nothing', async () => {
    const carol = await joinByInvitation(h, owner, 'carol@talk.example');
    await carol.api.account.setName({ name: 'Carol' });
    const task = await owner.api.task.create({ title: 'Unsubscribe me' });
    const since = Date.now();
    await owner.api.comment.add({ taskId: task.id, body: 'hi @Carol', mentions: [carol.userId] });
    const mail = await h.mail.waitFor('carol@talk.example', { since, subject: /mentioned you/ });
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')![1]!;
    expect(url).toMatch(/\/api\/unsubscribe\?t=/);
    expect(mail.links.some((link) => link.includes('/unsubscribe?t='))).toBe(true);

    const handle = createUnsubscribeHandler(() => h.deps);
    const post = (target: string) =>
      handle(
        new Request(target, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
      );
    const forged = url.replace(/t=[0-9a-f]{24}/, `t=${owner.userId}`);
    expect((await post(forged)).status).toBe(400);
    expect(await owner.api.account.notifications()).toEqual({ mentions: true, assignments: true });
    expect((await post(url)).status).toBe(200);
    expect(await carol.api.account.notifications()).toEqual({ mentions: false, assignments: true });

    // Off: a mention on another task sends nothing; assignments still come.
    const next = await owner.api.task.create({ title: 'Another' });
    await owner.api.comment.add({ taskId: next.id, body: '@Carol again', mentions: [carol.userId] });
    expect(await queued('carol@talk.example', 'task-mentioned')).toBe(1);
    await owner.api.task.update({ id: next.id, assigneeId: carol.userId });
    expect(await queued('carol@talk.example', 'task-assigned')).toBe(1);
    await carol.api.account.setNotifications({ mentions: true });
    expect(await carol.api.account.notifications()).toEqual({ mentions: true, assignments: true });
  });
});

describe('limits', () => {
  it('sixty comments a minute per person, counted before they are checked: one after another, and seventy at once', async () => {
    const writer = await joinByInvitation(h, owner, 'chatty@talk.example');
    const task = await owner.api.task.create({ title: 'Busy thread' });
    for (let i = 0; i < 60; i++) await writer.api.comment.add({ taskId: task.id, body: `note ${i}`, mentions: [] });
    await expectAppError(writer.api.comment.add({ taskId: task.id, body: 'one more', mentions: [] }), 'RATE_LIMITED');
    h.advance(61_000);
    // At once: never more than sixty get through (an over-full burst may refuse them all).
    const results = await Promise.allSettled(
      Array.from({ length: 70 }, (_, i) => writer.api.comment.add({ taskId: task.id, body: `burst ${i}`, mentions: [] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(60);
    const stored = await owner.api.comment.list({ taskId: task.id });
    expect(stored.filter((c) => c.body.startsWith('burst')).length).toBe(results.filter((r) => r.status === 'fulfilled').length);
    h.advance(61_000);
    await writer.api.comment.add({ taskId: task.id, body: 'a minute on', mentions: [] });
  });
});

describe('limits over HTTP', () => {
  it('comments and live tickets: two batches at once never pass the limit (5 rounds)', async () => {
    const scaled = await createHarness({ RATE_LIMIT_SCALE: '0.1' }); // 60 comments × 0.1: 6 a minute
    try {
      const someone = await member(scaled, 'batches@talk.example');
      const headers = { authorization: `Bearer ${someone.accessToken}`, 'x-organisation-id': someone.organisationId };
      const task = await someone.api.task.create({ title: 'Batched' });
      const batchOf = (path: string, input: (i: number) => unknown) =>
        scaled.http(`${Array(6).fill(path).join(',')}?batch=1`, {
          input: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [String(i), input(i)])),
          headers,
        });
      const outcomes = (replies: Awaited<ReturnType<typeof scaled.http>>[]) =>
        replies.flatMap((reply) => reply.body as unknown as { result?: unknown; error?: { data: { appCode: string } } }[]);
      let ticketsMade = 0;
      for (let round = 0; round < 5; round++) {
        const comments = outcomes(
          await Promise.all([0, 6].map((from) => batchOf('comment.add', (i) => ({ taskId: task.id, body: `b${from + i}` })))),
        );
        const made = comments.filter((r) => r.result).length;
        expect(made).toBeLessThanOrEqual(6);
        expect(comments.filter((r) => r.error?.data.appCode === 'RATE_LIMITED')).toHaveLength(12 - made);
        // Tickets: 300 × 0.1 = 30 in 15 minutes, which the five rounds share (36 asked each).
        const tickets = outcomes(await Promise.all([0, 1, 2, 3, 4, 5].map(() => batchOf('live.ticket', () => undefined))));
        ticketsMade += tickets.filter((r) => r.result).length;
        expect(tickets.filter((r) => r.error && r.error.data.appCode !== 'RATE_LIMITED')).toEqual([]);
        scaled.advance(61_000); // the next round's comments, in a new minute
      }
      expect(ticketsMade).toBeLessThanOrEqual(30);
      const stored = await someone.api.comment.list({ taskId: task.id });
      expect(stored.length).toBeLessThanOrEqual(30);
    } finally {
      await scaled.close();
    }
  });
});
