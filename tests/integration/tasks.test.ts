import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { accountWithToken, data } from '../support/flows';

let h: Harness;
let alice: Awaited<ReturnType<typeof accountWithToken>>;
let bob: Awaited<ReturnType<typeof accountWithToken>>;
beforeAll(async () => {
  h = await createHarness();
  alice = await accountWithToken(h, 'alice@acme.example');
  bob = await accountWithToken(h, 'bob@globex.example');
});
afterAll(() => h.close());

type Task = { id: string; title: string; notes: string; done: boolean; dueDate: string | null; createdBy: string };
const call = (path: string, input: unknown, headers: Record<string, string>) => h.http(path, { input, headers });
const list = async (headers: Record<string, string>) =>
  data<{ tasks: Task[]; nextCursor: string | null }>(await h.http('task.list', { method: 'GET', input: {}, headers }));

describe('tasks', () => {
  it('are created, listed newest first, edited, completed and deleted within the organisation', async () => {
    const first = data<Task>(await call('task.create', { title: '  Buy milk ' }, alice.headers));
    expect(first).toMatchObject({ title: 'Buy milk', notes: '', done: false, dueDate: null, createdBy: alice.userId });
    const second = data<Task>(
      await call('task.create', { title: 'File taxes', notes: 'before April', dueDate: '2027-04-01' }, alice.headers),
    );
    expect(second.dueDate).toBe('2027-04-01');
    expect((await list(alice.headers)).tasks.map((t) => t.title)).toEqual(['File taxes', 'Buy milk']);

    const edited = data<Task>(
      await call('task.update', { id: first.id, title: 'Buy oat milk', dueDate: '2027-01-02' }, alice.headers),
    );
    expect(edited).toMatchObject({ title: 'Buy oat milk', dueDate: '2027-01-02', notes: '' });
    expect(data<Task>(await call('task.toggle', { id: first.id, done: true }, alice.headers)).done).toBe(true);
    expect(data<Task>(await call('task.update', { id: first.id, dueDate: null }, alice.headers)).dueDate).toBeNull();
    expect((await call('task.delete', { id: second.id }, alice.headers)).status).toBe(200);
    expect((await list(alice.headers)).tasks.map((t) => [t.title, t.done])).toEqual([['Buy oat milk', true]]);
  });

  it('pages through a long list with a cursor', async () => {
    const org = await accountWithToken(h, 'pager@initech.example');
    for (let i = 0; i < 7; i++) await call('task.create', { title: `Task ${i}` }, org.headers);
    const page1 = data<{ tasks: Task[]; nextCursor: string }>(
      await h.http('task.list', { method: 'GET', input: { limit: 3 }, headers: org.headers }),
    );
    const page2 = data<{ tasks: Task[]; nextCursor: string }>(
      await h.http('task.list', { method: 'GET', input: { limit: 3, cursor: page1.nextCursor }, headers: org.headers }),
    );
    const page3 = data<{ tasks: Task[]; nextCursor: string | null }>(
      await h.http('task.list', { method: 'GET', input: { limit: 3, cursor: page2.nextCursor }, headers: org.headers }),
    );
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

  it('never cross the organisation boundary: every procedure is refused and changes nothing', async () => {
    const secret = data<Task>(await call('task.create', { title: 'Acme secret plan', notes: 'classified' }, alice.headers));
    const before = JSON.stringify(await h.deps.db.orm.tasks.where({ _id: secret.id }).first());

    expect((await list(bob.headers)).tasks.map((t) => t.title)).not.toContain('Acme secret plan');
    const attempts = [
      call('task.update', { id: secret.id, title: 'pwned' }, bob.headers),
      call('task.toggle', { id: secret.id, done: true }, bob.headers),
      call('task.delete', { id: secret.id }, bob.headers),
    ];
    for (const reply of await Promise.all(attempts)) {
      expect(reply.status).toBe(404);
      expect(reply.body.error?.data['appCode']).toBe('NOT_FOUND');
    }
    // Extra fields naming another organisation are ignored, not obeyed.
    const smuggled = data<Task>(await call('task.create', { title: 'mine', organisationId: alice.organisationId }, bob.headers));
    expect((await h.deps.db.orm.tasks.where({ _id: smuggled.id }).first())?.organisationId).toBe(bob.organisationId);
    expect(JSON.stringify(await h.deps.db.orm.tasks.where({ _id: secret.id }).first())).toBe(before);
  });

  it('need a signed-in member', async () => {
    expect((await h.http('task.list', { method: 'GET', input: {} })).status).toBe(401);
    expect((await call('task.create', { title: 'x' }, { authorization: 'Bearer nope' })).status).toBe(401);
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
      const reply = await call(path, input, alice.headers);
      expect(reply.status, `${path} ${JSON.stringify(input).slice(0, 40)}`).toBe(400);
      expect(reply.body.error?.message).toMatch(message);
    }
    const missing = await call('task.delete', { id: '0123456789abcdef01234567' }, alice.headers);
    expect(missing.status).toBe(404);
  });
});
