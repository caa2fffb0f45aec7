import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { listDueOrderKey, listNewOrderKey } from '@/server/store/task-order';
import { runMigrations } from '@/scripts/migrations.mjs';
import { createHarness, type Harness } from '../support/harness';
import { everyTask, member } from '../support/calls';

// Issue 22: a list's tasks sorted by due day (none last) or newest first, besides its manual
// order; each is an order of its own (server/store/task-order.ts), paged like the others.
let h: Harness;
let owner: Awaited<ReturnType<typeof member>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await member(h, 'owner@sort.example');
});
afterAll(() => h.close());

type Api = typeof owner.api;
type Sort = 'manual' | 'due' | 'created';
const titles = async (api: Api, listId: string, sort: Sort, extra: { show?: 'open' | 'done' } = {}) =>
  (await everyTask((cursor) => api.task.list({ listId, sort, limit: 2, ...extra, ...(cursor ? { cursor } : {}) }))).map(
    (t) => t.title,
  );

describe('sorting a list', () => {
  it('by due day and newest first, following edits, completion, moves and deletion', async () => {
    const list = await owner.api.list.create({ name: 'Sorted' });
    const other = await owner.api.list.create({ name: 'Other' });
    const made: Record<string, string> = {};
    for (const [title, dueDate] of [
      ['b', '2027-02-01'],
      ['none', null],
      ['a', '2027-01-01'],
      ['c', '2027-03-01'],
    ] as const) {
      made[title] = (await owner.api.task.create({ listId: list.id, title, dueDate })).id;
      h.advance(1000);
    }
    expect(await titles(owner.api, list.id, 'due')).toEqual(['a', 'b', 'c', 'none']);
    expect(await titles(owner.api, list.id, 'created')).toEqual(['c', 'a', 'none', 'b']);
    expect(await titles(owner.api, list.id, 'manual')).toEqual(['c', 'a', 'none', 'b']);

    // A manual move changes neither sort; a due day does.
    await owner.api.task.move({ id: made['c']!, listId: list.id, afterId: made['b']!, beforeId: null });
    expect(await titles(owner.api, list.id, 'manual')).toEqual(['a', 'none', 'b', 'c']);
    expect(await titles(owner.api, list.id, 'created')).toEqual(['c', 'a', 'none', 'b']);
    await owner.api.task.update({ id: made['none']!, dueDate: '2026-12-31' });
    await owner.api.task.update({ id: made['a']!, dueDate: null });
    expect(await titles(owner.api, list.id, 'due')).toEqual(['none', 'b', 'c', 'a']);

    await owner.api.task.toggle({ id: made['b']!, done: true });
    expect(await titles(owner.api, list.id, 'due', { show: 'open' })).toEqual(['none', 'c', 'a']);
    expect(await titles(owner.api, list.id, 'created', { show: 'done' })).toEqual(['b']);

    // Into another list: out of this one's orders and into that one's.
    await owner.api.task.move({ id: made['c']!, listId: other.id, afterId: null, beforeId: null });
    expect(await titles(owner.api, list.id, 'due')).toEqual(['none', 'b', 'a']);
    expect(await titles(owner.api, other.id, 'due')).toEqual(['c']);
    expect(await titles(owner.api, other.id, 'created')).toEqual(['c']);
    await owner.api.task.delete({ id: made['none']! });
    expect(await titles(owner.api, list.id, 'due')).toEqual(['b', 'a']);
    expect(await titles(owner.api, list.id, 'created')).toEqual(['a', 'b']);
  });

  it('30 tasks created and given due days at once each appear once, in order, in both sorts', async () => {
    const list = await owner.api.list.create({ name: 'Busy' });
    const tasks = await Promise.all(
      Array.from({ length: 30 }, (_, i) => owner.api.task.create({ listId: list.id, title: `t${String(i).padStart(2, '0')}` })),
    );
    // Due days in the reverse of the titles' order, set all at once.
    await Promise.all(
      tasks.map((task) =>
        owner.api.task.update({ id: task.id, dueDate: `2027-01-${String(31 - Number(task.title.slice(1))).padStart(2, '0')}` }),
      ),
    );
    const byDue = await titles(owner.api, list.id, 'due');
    expect(byDue).toEqual(
      tasks
        .map((t) => t.title)
        .sort()
        .reverse(),
    );
    const newest = await titles(owner.api, list.id, 'created');
    expect([...newest].sort()).toEqual(tasks.map((t) => t.title).sort());
    expect(newest).toHaveLength(30);
  });

  it('db:apply lays out the lists of tasks from before these orders, once', async () => {
    const list = await owner.api.list.create({ name: 'Older' });
    for (const [title, dueDate] of [
      ['x', '2027-05-01'],
      ['y', null],
      ['z', '2027-04-01'],
    ] as const) {
      await owner.api.task.create({ listId: list.id, title, dueDate });
      h.advance(1000);
    }
    await h.deps.db.mongo
      .collection('tasks')
      .updateMany({ listId: new ObjectId(list.id) }, { $unset: { listDueRun: '', listNewRun: '' } });
    await h.deps.db.mongo
      .collection('taskOrders')
      .deleteMany({ key: { $in: [listDueOrderKey(list.id), listNewOrderKey(list.id)] } });
    expect(await titles(owner.api, list.id, 'due')).toEqual([]); // nothing laid out yet

    expect((await runMigrations(h.deps.db.mongo)).some((line) => line.includes('by due day and by creation'))).toBe(true);
    expect(await titles(owner.api, list.id, 'due')).toEqual(['z', 'x', 'y']);
    expect(await titles(owner.api, list.id, 'created')).toEqual(['z', 'y', 'x']);
    expect((await runMigrations(h.deps.db.mongo)).some((line) => line.includes('by due day and by creation'))).toBe(false);

    // Written to after the lay-out, the orders still hold every task once.
    await owner.api.task.create({ listId: list.id, title: 'w', dueDate: '2027-01-01' });
    expect(await titles(owner.api, list.id, 'due')).toEqual(['w', 'z', 'x', 'y']);
  });
});
