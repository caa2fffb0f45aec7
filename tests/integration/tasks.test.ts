import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { SPLIT_AT } from '@/server/store/task-runs.mjs';
import { everyTask, expectAppError, member } from '../support/calls';

let h: Harness;
let alice: Awaited<ReturnType<typeof member>>;
let bob: Awaited<ReturnType<typeof member>>;
beforeAll(async () => {
  h = await createHarness();
  alice = await member(h, 'alice@acme.example');
  bob = await member(h, 'bob@globex.example');
});
afterAll(() => h.close());

const bearer = (who: { accessToken: string }) => ({ authorization: `Bearer ${who.accessToken}` });
const titles = async (who: typeof alice) => (await who.api.task.list()).tasks.map((t) => t.title);

describe('tasks', () => {
  it('are created, listed newest first, edited, completed and deleted within the organisation', async () => {
    const first = await alice.api.task.create({ title: '  Buy milk ' });
    expect(first).toMatchObject({ title: 'Buy milk', notes: '', done: false, dueDate: null, createdBy: alice.userId });
    expect(first.createdAt).toBeInstanceOf(Date); // services return Dates; JSON makes them ISO strings
    const second = await alice.api.task.create({ title: 'File taxes', notes: 'before April', dueDate: '2027-04-01' });
    expect(second.dueDate).toBe('2027-04-01');
    expect(await titles(alice)).toEqual(['File taxes', 'Buy milk']);

    const edited = await alice.api.task.update({ id: first.id, title: 'Buy oat milk', dueDate: '2027-01-02' });
    expect(edited).toMatchObject({ title: 'Buy oat milk', dueDate: '2027-01-02', notes: '' });
    expect((await alice.api.task.toggle({ id: first.id, done: true })).done).toBe(true);
    expect((await alice.api.task.update({ id: first.id, dueDate: null })).dueDate).toBeNull();
    expect(await alice.api.task.delete({ id: second.id })).toEqual({ ok: true });
    expect((await alice.api.task.list()).tasks.map((t) => [t.title, t.done])).toEqual([['Buy oat milk', true]]);
  });

  it('pages through a long list with a cursor', async () => {
    const org = await member(h, 'pager@initech.example');
    for (let i = 0; i < 7; i++) await org.api.task.create({ title: `Task ${i}` });
    const page1 = await org.api.task.list({ limit: 3 });
    const page2 = await org.api.task.list({ limit: 3, cursor: page1.nextCursor! });
    const page3 = await org.api.task.list({ limit: 3, cursor: page2.nextCursor! });
    expect([...page1.tasks, ...page2.tasks, ...page3.tasks].map((t) => t.title)).toEqual([
      'Task 6',
      'Task 5',
      'Task 4',
      'Task 3',
      'Task 2',
      'Task 1',
      'Task 0',
    ]);
    expect(page3.nextCursor).toBeNull();
  });

  it('pages across runs in order, losing and repeating nothing, with tasks created concurrently', async () => {
    const org = await member(h, 'shelves@initech.example');
    for (let i = 0; i < SPLIT_AT + 30; i++) await org.api.task.create({ title: `Serial ${i}` });
    // A page is read while the burst splits runs under it: every task seen once, in order.
    const [concurrent, seenDuring] = await Promise.all([
      Promise.all(Array.from({ length: 60 }, (_, i) => org.api.task.create({ title: `Burst ${i}` }))),
      everyTask((cursor) => org.api.task.list({ limit: 37, ...(cursor ? { cursor } : {}) })),
    ]);
    const serialDuring = seenDuring.filter((t) => t.title.startsWith('Serial')).map((t) => t.title);
    expect(serialDuring).toEqual(Array.from({ length: SPLIT_AT + 30 }, (_, i) => `Serial ${SPLIT_AT + 29 - i}`));
    expect(new Set(seenDuring.map((t) => t.id)).size).toBe(seenDuring.length);

    const seen = (await everyTask((cursor) => org.api.task.list({ limit: 37, ...(cursor ? { cursor } : {}) }))).map((t) => t.id);
    const rows = await h.deps.db.orm.tasks.where({ organisationId: org.organisationId }).all();
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.listRun)).size).toBeGreaterThanOrEqual(2);
    const byId = new Map(rows.map((r) => [r._id, r]));
    const keys = seen.map((id) => `${byId.get(id)!.position} ${id}`);
    expect([...keys].sort()).toEqual(keys);
    // The serial tasks keep exact creation order, newest on top.
    const serial = seen.map((id) => byId.get(id)!.title).filter((t) => t.startsWith('Serial'));
    expect(serial).toEqual(Array.from({ length: SPLIT_AT + 30 }, (_, i) => `Serial ${SPLIT_AT + 29 - i}`));
    expect(concurrent).toHaveLength(60);
    const [list] = await org.api.list.all();
    expect(list).toMatchObject({ tasks: SPLIT_AT + 90, openTasks: SPLIT_AT + 90 });
  }, 120_000);

  it('never cross the organisation boundary: every procedure is refused and changes nothing', async () => {
    const secret = await alice.api.task.create({ title: 'Acme secret plan', notes: 'classified' });
    const before = JSON.stringify(await h.deps.db.orm.tasks.where({ _id: secret.id }).first());

    expect(await titles(bob)).not.toContain('Acme secret plan');
    await expectAppError(bob.api.task.update({ id: secret.id, title: 'pwned' }), 'NOT_FOUND');
    await expectAppError(bob.api.task.toggle({ id: secret.id, done: true }), 'NOT_FOUND');
    await expectAppError(bob.api.task.delete({ id: secret.id }), 'NOT_FOUND');
    // Extra fields naming another organisation are ignored, not obeyed.
    const smuggled = await bob.api.task.create({ title: 'mine', organisationId: alice.organisationId } as { title: string });
    expect((await h.deps.db.orm.tasks.where({ _id: smuggled.id }).first())?.organisationId).toBe(bob.organisationId);
    expect(JSON.stringify(await h.deps.db.orm.tasks.where({ _id: secret.id }).first())).toBe(before);
    await expectAppError(alice.api.task.delete({ id: '0123456789abcdef01234567' }), 'NOT_FOUND');
  });
});

// Over HTTP: what a client sees as status codes.
describe('tasks over HTTP', () => {
  it('need a signed-in member', async () => {
    expect((await h.http('task.list', { method: 'GET', input: {} })).status).toBe(401);
    expect((await h.http('task.create', { input: { title: 'x' }, headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('refuse bad input with a clear 4xx', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['task.create', { title: '   ' }, /title: Give the task a title/],
      ['task.create', { title: 'x'.repeat(10_000) }, /title: A title has at most 200 characters/],
      ['task.create', {}, /title: Give the task a title/],
      ['task.create', { title: 'ok', dueDate: 'tomorrow' }, /dueDate: Use a date like 2026-12-31/],
      ['task.update', { id: 'not-an-id', title: 'x' }, /id: This is not a valid id/],
      ['task.toggle', { id: '0123456789abcdef01234567', done: 'yes' }, /done must be true or false/],
      ['task.delete', { id: 42 }, /id: An id is required|id:/],
    ];
    for (const [path, input, message] of cases) {
      const reply = await h.http(path, { input, headers: bearer(alice) });
      expect(reply.status, `${path} ${JSON.stringify(input).slice(0, 40)}`).toBe(400);
      expect(reply.body.error?.message).toMatch(message);
    }
    const missing = await h.http('task.delete', { input: { id: '0123456789abcdef01234567' }, headers: bearer(alice) });
    expect(missing.status).toBe(404);
  });
});
