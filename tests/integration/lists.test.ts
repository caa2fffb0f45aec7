import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDueOrderKey, listNewOrderKey, MAX_POSITION_LENGTH } from '@/server/store/task-order';
import { listOrderKey } from '@/server/store/task-runs.mjs';
import { recountLeastRecent, recountList } from '@/server/tasks/recount';
import { createHarness, type Harness } from '../support/harness';
import { everyTask, expectAppError, joinByInvitation, member, outcome } from '../support/calls';

// Issue 22: lists inside an organisation, tasks moved within and between them.
let h: Harness;
let owner: Awaited<ReturnType<typeof member>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await member(h, 'owner@lists.example');
});
afterAll(() => h.close());

type Api = typeof owner.api;
const titlesIn = async (api: Api, listId: string) =>
  (await everyTask((cursor) => api.task.list({ listId, limit: 100, ...(cursor ? { cursor } : {}) }))).map((t) => t.title);

describe('lists', () => {
  it('a new organisation starts with one list; any member creates, renames and reorders them', async () => {
    const lists = await owner.api.list.all();
    expect(lists.map((l) => [l.name, l.openTasks, l.tasks])).toEqual([['Tasks', 0, 0]]);
    const teammate = await joinByInvitation(h, owner, 'teammate@lists.example');
    const work = await teammate.api.list.create({ name: '  Work ' });
    const home = await owner.api.list.create({ name: 'Home' });
    expect((await owner.api.list.all()).map((l) => l.name)).toEqual(['Tasks', 'Work', 'Home']);
    await teammate.api.list.rename({ id: work.id, name: 'Office' });
    const reordered = await teammate.api.list.move({ id: home.id, afterId: null });
    expect(reordered.map((l) => l.name)).toEqual(['Home', 'Tasks', 'Office']);
    await teammate.api.list.move({ id: home.id, afterId: work.id });
    expect((await owner.api.list.all()).map((l) => l.name)).toEqual(['Tasks', 'Office', 'Home']);
  });

  it('only owners and admins archive and delete; an archived list takes no changes; deletion needs the typed name and leaves nothing', async () => {
    const plain = await joinByInvitation(h, owner, 'plain@lists.example');
    const list = await owner.api.list.create({ name: 'Launch' });
    const task = await plain.api.task.create({ listId: list.id, title: 'Write the post' });
    await plain.api.task.create({ listId: list.id, title: 'Ship it' });
    await expectAppError(plain.api.list.archive({ id: list.id, archived: true }), 'FORBIDDEN');
    await expectAppError(plain.api.list.delete({ id: list.id, confirmName: 'Launch' }), 'FORBIDDEN');

    await owner.api.list.archive({ id: list.id, archived: true });
    await expectAppError(plain.api.task.create({ listId: list.id, title: 'late' }), 'LIST_ARCHIVED');
    await expectAppError(plain.api.task.toggle({ id: task.id, done: true }), 'LIST_ARCHIVED');
    expect(await titlesIn(plain.api, list.id)).toEqual(['Ship it', 'Write the post']); // still readable
    await owner.api.list.archive({ id: list.id, archived: false });

    await expectAppError(owner.api.list.delete({ id: list.id, confirmName: 'launch' }), 'LIST_NAME_MISMATCH');
    expect(await owner.api.list.delete({ id: list.id, confirmName: 'Launch' })).toEqual({ ok: true });
    expect((await owner.api.list.all()).map((l) => l.id)).not.toContain(list.id);
    expect(await h.deps.db.orm.tasks.where({ listId: list.id }).all()).toEqual([]);
    expect(await h.deps.db.orm.taskOrders.where({ key: listOrderKey(list.id) }).first()).toBeNull();
    for (const key of [listDueOrderKey(list.id), listNewOrderKey(list.id)]) {
      expect(await h.deps.db.orm.taskOrders.where({ key }).first()).toBeNull(); // its other orders too
    }
    expect(await h.deps.db.orm.jobs.all()).toEqual([]);
    await expectAppError(plain.api.task.create({ listId: list.id, title: 'gone' }), 'NOT_FOUND');
  });

  it('a rename, an archiving and a sidebar move racing task writes lose neither (5 rounds)', async () => {
    // FerretDB rewrites a whole document per update: the list's name and its counts share one.
    for (let round = 0; round < 5; round++) {
      const list = await owner.api.list.create({ name: `Racing ${round}` });
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => owner.api.task.create({ listId: list.id, title: `r${round} ${i}` })),
        owner.api.list.rename({ id: list.id, name: `Renamed ${round}` }),
        owner.api.list.move({ id: list.id, afterId: null }),
        owner.api.list.archive({ id: list.id, archived: false }),
      ]);
      const after = (await owner.api.list.all()).find((l) => l.id === list.id)!;
      expect(after).toMatchObject({ name: `Renamed ${round}`, tasks: 10, openTasks: 10 });
    }
  });

  it('moves a task within a list and to another, keeping both lists’ counts', async () => {
    const a = await owner.api.list.create({ name: 'A' });
    const b = await owner.api.list.create({ name: 'B' });
    const [t3, t2, t1] = [
      await owner.api.task.create({ listId: a.id, title: 'one' }),
      await owner.api.task.create({ listId: a.id, title: 'two' }),
      await owner.api.task.create({ listId: a.id, title: 'three' }),
    ].reverse();
    expect(await titlesIn(owner.api, a.id)).toEqual(['three', 'two', 'one']);
    await owner.api.task.move({ id: t3!.id, listId: a.id, afterId: t1!.id, beforeId: null }); // "three" to the bottom
    expect(await titlesIn(owner.api, a.id)).toEqual(['two', 'one', 'three']);
    await owner.api.task.toggle({ id: t2!.id, done: true });
    await owner.api.task.move({ id: t2!.id, listId: b.id, afterId: null, beforeId: null });
    expect(await titlesIn(owner.api, a.id)).toEqual(['one', 'three']);
    expect(await titlesIn(owner.api, b.id)).toEqual(['two']);
    const counts = Object.fromEntries((await owner.api.list.all()).map((l) => [l.name, [l.openTasks, l.tasks]]));
    expect(counts['A']).toEqual([2, 2]);
    expect(counts['B']).toEqual([0, 1]);
    // A neighbour from another list, or the task itself, is refused.
    await expectAppError(owner.api.task.move({ id: t3!.id, listId: a.id, afterId: t2!.id, beforeId: null }), 'NOT_FOUND');
    await expectAppError(owner.api.task.move({ id: t3!.id, listId: a.id, afterId: t3!.id, beforeId: null }), 'NOT_FOUND');
    expect(await titlesIn(owner.api, a.id)).toEqual(['one', 'three']);
  });

  it('50 concurrent moves in one list leave one consistent order with every task once (run 3 times)', async () => {
    const list = await owner.api.list.create({ name: 'Race' });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.unshift((await owner.api.task.create({ listId: list.id, title: `T${i}` })).id);
    for (let round = 0; round < 3; round++) {
      const moves = Array.from({ length: 50 }, (_, i) => {
        const id = ids[(i * 7 + round) % ids.length]!;
        const others = ids.filter((other) => other !== id);
        const at = (i * 3 + round) % others.length;
        return owner.api.task.move({ id, listId: list.id, afterId: others[at] ?? null, beforeId: others[at + 1] ?? null });
      });
      const outcomes = await Promise.all(moves.map(outcome));
      // A move whose neighbour moved meanwhile may land elsewhere, but never fails or duplicates.
      expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
      const seen = await everyTask((cursor) => owner.api.task.list({ listId: list.id, limit: 7, ...(cursor ? { cursor } : {}) }));
      expect(seen.map((t) => t.id).sort()).toEqual([...ids].sort());
      const rows = await h.deps.db.orm.tasks.where({ listId: list.id }).all();
      const keyOf = (id: string) => {
        const row = rows.find((r) => r._id === id)!;
        return `${row.position} ${row._id}`;
      };
      const keys = seen.map((t) => keyOf(t.id));
      expect([...keys].sort()).toEqual(keys);
    }
    expect((await owner.api.list.all()).find((l) => l.id === list.id)).toMatchObject({ tasks: 20, openTasks: 20 });
  }, 120_000);

  it('lays a list out anew when moves into one gap make positions long, keeping its order', async () => {
    const list = await owner.api.list.create({ name: 'Gap' });
    const create = (title: string) => owner.api.task.create({ listId: list.id, title });
    const bottom = await create('bottom');
    const y = await create('y');
    const x = await create('x');
    const top = await create('top');
    // Each move halves the gap below "top" (about 0.17 base-62 digits a move): ~220 moves pass the limit.
    let longest = 0;
    for (let i = 0; i < 260; i++) {
      const [moving, below] = i % 2 === 0 ? [y, x] : [x, y];
      await owner.api.task.move({ id: moving.id, listId: list.id, afterId: top.id, beforeId: below.id });
      const rows = await h.deps.db.orm.tasks.where({ listId: list.id }).select('position').all();
      longest = Math.max(longest, ...rows.map((r) => r.position.length));
    }
    // The move that passes the limit lays the list out before it returns: the longest position
    // ever stored is at the limit, and the list's positions end far shorter.
    expect(longest).toBeGreaterThanOrEqual(MAX_POSITION_LENGTH - 1);
    const rows = await h.deps.db.orm.tasks.where({ listId: list.id }).all();
    expect(Math.max(...rows.map((r) => r.position.length))).toBeLessThan(longest - 10);
    expect(await titlesIn(owner.api, list.id)).toEqual(['top', 'x', 'y', 'bottom']);
    expect(bottom.id).toBeTruthy();
  }, 120_000);
});

describe('an outsider and a removed member', () => {
  it('get nothing from any list or task call', async () => {
    const insider = await joinByInvitation(h, owner, 'leaving@lists.example');
    const secret = await owner.api.list.create({ name: 'Secret plans' });
    const task = await owner.api.task.create({ listId: secret.id, title: 'Acquire Globex' });
    expect((await insider.api.list.all()).map((l) => l.name)).toContain('Secret plans');
    await owner.api.organisation.removeMember({ userId: insider.userId });

    const outsider = await member(h, 'outsider@globex.example');
    const [theirList] = await outsider.api.list.all();
    for (const who of [outsider.api, insider.api]) {
      const names = await who.list.all().then(
        (lists) => lists.map((l) => l.name),
        () => [],
      );
      expect(names).not.toContain('Secret plans');
      const calls = [
        () => who.task.list({ listId: secret.id }),
        () => who.task.create({ listId: secret.id, title: 'x' }),
        () => who.task.update({ id: task.id, title: 'pwned' }),
        () => who.task.toggle({ id: task.id, done: true }),
        () => who.task.move({ id: task.id, listId: theirList!.id, afterId: null, beforeId: null }),
        () => who.task.delete({ id: task.id }),
        () => who.list.rename({ id: secret.id, name: 'mine' }),
        () => who.list.move({ id: secret.id, afterId: null }),
        () => who.list.archive({ id: secret.id, archived: true }),
        () => who.list.delete({ id: secret.id, confirmName: 'Secret plans' }),
      ];
      for (const call of calls) expect(['NOT_FOUND', 'FORBIDDEN']).toContain(await outcome(call()));
    }
    expect(await titlesIn(owner.api, secret.id)).toEqual(['Acquire Globex']);
    expect((await owner.api.list.all()).find((l) => l.id === secret.id)).toMatchObject({ name: 'Secret plans', archived: false });
  });
});

describe('list counts', () => {
  it('the housekeeping counts a list again when a crash left its counts off, least recently counted first', async () => {
    const list = await owner.api.list.create({ name: 'Drifted' });
    const tasks = await Promise.all(['a', 'b', 'c'].map((title) => owner.api.task.create({ listId: list.id, title })));
    await owner.api.task.toggle({ id: tasks[0]!.id, done: true });
    // As a crash between a task's write and its list's count would leave them.
    await h.deps.db.orm.lists.where({ _id: list.id }).update({ tasks: 7, openTasks: -1 });
    const counts = async () => (await owner.api.list.all()).find((l) => l.id === list.id)!;
    expect(await counts()).toMatchObject({ tasks: 7, openTasks: -1 });
    // Never counted: among the first the housekeeping takes (every list of this database is).
    const never = await h.deps.db.mongo.collection('lists').countDocuments({ countedAt: null });
    expect(await recountLeastRecent(h.deps, never)).toBe(never);
    expect(await counts()).toMatchObject({ tasks: 3, openTasks: 2 });
    await h.deps.db.orm.lists.where({ _id: list.id }).update({ openTasks: 9 });
    expect(await recountList(h.deps, list.id)).toBe(true);
    expect(await counts()).toMatchObject({ tasks: 3, openTasks: 2 });
    await owner.api.list.delete({ id: list.id, confirmName: 'Drifted' });
    expect(await recountList(h.deps, list.id)).toBe(false);
  });
});
