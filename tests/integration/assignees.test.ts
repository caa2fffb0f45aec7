import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { mineNewOrderKey, mineOrderKey } from '@/server/store/task-order';
import { runMigrations } from '@/scripts/migrations.mjs';
import { createHarness, type Harness } from '../support/harness';
import { everyTask, expectAppError, joinByInvitation, member, outcome } from '../support/calls';
import { addMembership } from '@/server/organisation/membership';

// Issue 22: a task is assigned to a member or nobody; "Assigned to me" lists the caller's open
// tasks across the organisation's lists, by due day (none last), then creation.
let h: Harness;
let owner: Awaited<ReturnType<typeof member>>;
let mate: Awaited<ReturnType<typeof joinByInvitation>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await member(h, 'owner@assign.example');
  mate = await joinByInvitation(h, owner, 'mate@assign.example');
});
afterAll(() => h.close());

type Api = typeof owner.api;
const mine = async (api: Api, limit = 100) =>
  (await everyTask((cursor) => api.task.mine({ limit, ...(cursor ? { cursor } : {}) }))).map((t) => t.title);

describe('assignees', () => {
  it('assigns on create and edit, only to members; "Assigned to me" follows due days, completion and archiving', async () => {
    const work = await owner.api.list.create({ name: 'Work' });
    const a = await owner.api.task.create({ title: 'no due day', assigneeId: mate.userId });
    expect(a).toMatchObject({ assigneeId: mate.userId, assignee: 'mate' });
    await owner.api.task.create({ listId: work.id, title: 'due later', dueDate: '2027-03-01', assigneeId: mate.userId });
    const soon = await owner.api.task.create({ listId: work.id, title: 'due soon', dueDate: '2027-01-05' });
    await owner.api.task.create({ title: 'for the owner', assigneeId: owner.userId });
    expect(await mine(mate.api)).toEqual(['due later', 'no due day']);

    await mate.api.task.update({ id: soon.id, assigneeId: mate.userId });
    expect(await mine(mate.api)).toEqual(['due soon', 'due later', 'no due day']);
    await mate.api.task.update({ id: a.id, dueDate: '2027-01-01' });
    expect(await mine(mate.api, 1)).toEqual(['no due day', 'due soon', 'due later']); // paged one by one

    await mate.api.task.toggle({ id: soon.id, done: true });
    expect(await mine(mate.api)).toEqual(['no due day', 'due later']);
    await mate.api.task.toggle({ id: soon.id, done: false });
    expect(await mine(mate.api)).toEqual(['no due day', 'due soon', 'due later']);

    await owner.api.list.archive({ id: work.id, archived: true });
    expect(await mine(mate.api)).toEqual(['no due day']);
    await owner.api.list.archive({ id: work.id, archived: false });

    await mate.api.task.update({ id: a.id, assigneeId: null });
    expect(await mine(mate.api)).toEqual(['due soon', 'due later']);
    expect(await mine(owner.api)).toEqual(['for the owner']);

    const outsider = await member(h, 'outsider@elsewhere.example');
    await expectAppError(owner.api.task.update({ id: a.id, assigneeId: outsider.userId }), 'NOT_A_MEMBER');
    await expectAppError(owner.api.task.create({ title: 'x', assigneeId: outsider.userId }), 'NOT_A_MEMBER');
    expect(await mine(outsider.api)).toEqual([]);
  });

  it('30 tasks assigned to one person at once each appear once, and deleting one takes it out', async () => {
    const person = await joinByInvitation(h, owner, 'busy@assign.example');
    const tasks = await Promise.all(Array.from({ length: 30 }, (_, i) => owner.api.task.create({ title: `job ${i}` })));
    await Promise.all(tasks.map((task) => owner.api.task.update({ id: task.id, assigneeId: person.userId })));
    const seen = await mine(person.api, 7);
    expect(seen.sort()).toEqual(tasks.map((t) => t.title).sort());
    await owner.api.task.delete({ id: tasks[0]!.id });
    expect(await mine(person.api)).toHaveLength(29);
  });

  it('"Assigned to me" shows done tasks newest completion first; reopening and reassigning move them; db:apply lays out older ones', async () => {
    const person = await joinByInvitation(h, owner, 'finisher@assign.example');
    const tasks = [];
    for (const title of ['first done', 'second done', 'third done', 'still open']) {
      tasks.push(await owner.api.task.create({ title, assigneeId: person.userId }));
    }
    for (const task of tasks.slice(0, 3)) {
      await person.api.task.toggle({ id: task.id, done: true });
      h.advance(1000); // completions a second apart
    }
    const doneTitles = async () =>
      (await everyTask((cursor) => person.api.task.mine({ limit: 1, show: 'done', ...(cursor ? { cursor } : {}) }))).map(
        (t) => t.title,
      );
    expect(await doneTitles()).toEqual(['third done', 'second done', 'first done']);
    expect(await mine(person.api)).toEqual(['still open']);
    await person.api.task.toggle({ id: tasks[1]!.id, done: false });
    await owner.api.task.update({ id: tasks[0]!.id, assigneeId: owner.userId });
    expect(await doneTitles()).toEqual(['third done']);
    expect(await mine(person.api)).toEqual(['second done', 'still open']); // by creation: neither has a due day

    // As tasks done before this order existed: no doneRun, no order; db:apply lays it out.
    const orgId = new ObjectId(owner.organisationId);
    await h.deps.db.mongo.collection('tasks').updateMany({ organisationId: orgId, done: true }, { $unset: { doneRun: '' } });
    await h.deps.db.mongo.collection('taskOrders').deleteMany({ key: { $regex: '^done:' } });
    expect((await runMigrations(h.deps.db.mongo)).some((line) => line.includes('"done" order'))).toBe(true);
    expect(await doneTitles()).toEqual(['third done']);
    expect((await owner.api.task.mine({ show: 'done' })).tasks.map((t) => t.title)).toContain('first done');
    expect((await runMigrations(h.deps.db.mongo)).some((line) => line.includes('"done" order'))).toBe(false);
  });

  it('"Assigned to me" sorts open tasks newest first when asked, paging with nothing lost; db:apply lays out older ones', async () => {
    const person = await joinByInvitation(h, owner, 'newest@assign.example');
    const titles = ['n0', 'n1', 'n2', 'n3', 'n4'];
    for (const [i, title] of titles.entries()) {
      await owner.api.task.create({ title, assigneeId: person.userId, dueDate: `2027-0${5 - i}-01` });
    }
    const newest = async () =>
      (await everyTask((cursor) => person.api.task.mine({ limit: 2, sort: 'created', ...(cursor ? { cursor } : {}) }))).map(
        (t) => t.title,
      );
    expect(await newest()).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
    expect(await mine(person.api)).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']); // by due day: n4 is due first
    const n2 = (await person.api.task.mine({ sort: 'created' })).tasks.find((t) => t.title === 'n2')!;
    await person.api.task.toggle({ id: n2.id, done: true });
    expect(await newest()).toEqual(['n4', 'n3', 'n1', 'n0']);

    const orgId = new ObjectId(owner.organisationId);
    await h.deps.db.mongo.collection('tasks').updateMany({ organisationId: orgId }, { $unset: { mineNewRun: '' } });
    await h.deps.db.mongo.collection('taskOrders').deleteMany({ key: { $regex: '^minenew:' } });
    expect((await runMigrations(h.deps.db.mongo)).some((line) => line.includes('"minenew" order'))).toBe(true);
    expect(await newest()).toEqual(['n4', 'n3', 'n1', 'n0']);
    expect((await runMigrations(h.deps.db.mongo)).some((line) => line.includes('"minenew" order'))).toBe(false);
  });

  it("filters a list's page by open or done and by assignee (or nobody), paging with nothing lost", async () => {
    const list = await owner.api.list.create({ name: 'Filtered' });
    const titles: string[] = [];
    for (let i = 0; i < 12; i++) {
      const assigneeId = i % 3 === 0 ? mate.userId : i % 3 === 1 ? owner.userId : null;
      const task = await owner.api.task.create({ listId: list.id, title: `f${i}`, assigneeId });
      if (i % 2 === 0) await owner.api.task.toggle({ id: task.id, done: true });
      titles.unshift(`f${i}`); // newest on top
    }
    const page = (filter: { show?: 'open' | 'done'; assigneeId?: string | null }) =>
      everyTask((cursor) => owner.api.task.list({ listId: list.id, limit: 2, ...filter, ...(cursor ? { cursor } : {}) }));
    const n = (title: string) => Number(title.slice(1));
    const expected = (keep: (i: number) => boolean) => titles.filter((t) => keep(n(t)));
    expect((await page({ show: 'done' })).map((t) => t.title)).toEqual(expected((i) => i % 2 === 0));
    expect((await page({ show: 'open' })).map((t) => t.title)).toEqual(expected((i) => i % 2 === 1));
    expect((await page({ assigneeId: mate.userId })).map((t) => t.title)).toEqual(expected((i) => i % 3 === 0));
    expect((await page({ assigneeId: null })).map((t) => t.title)).toEqual(expected((i) => i % 3 === 2));
    expect((await page({ show: 'open', assigneeId: owner.userId })).map((t) => t.title)).toEqual(
      expected((i) => i % 3 === 1 && i % 2 === 1),
    );
  });

  it('an assignment racing the assignee’s removal never leaves an open task with someone who left (20 rounds)', async () => {
    const person = await member(h, 'racer@assign.example');
    const { name } = (await h.deps.db.orm.organisations.where({ _id: owner.organisationId }).first())!;
    const organisation = { _id: owner.organisationId, name };
    for (let round = 0; round < 20; round++) {
      await addMembership(h.deps, person.userId, organisation, 'member');
      const tasks = await Promise.all([0, 1, 2].map((i) => owner.api.task.create({ title: `race ${round}.${i}` })));
      const outcomes = await Promise.all([
        ...tasks.map((task) => outcome(owner.api.task.update({ id: task.id, assigneeId: person.userId }))),
        outcome(owner.api.organisation.removeMember({ userId: person.userId })),
      ]);
      expect(outcomes.at(-1)).toBe('ok');
      expect(outcomes.filter((o) => !['ok', 'NOT_A_MEMBER', 'BUSY'].includes(o))).toEqual([]);
      const rows = await Promise.all(tasks.map((task) => h.deps.db.orm.tasks.where({ _id: task.id }).first()));
      expect(rows.map((row) => [row?.assigneeId ?? null, row?.mineRun ?? null, row?.mineNewRun ?? null])).toEqual([
        [null, null, null],
        [null, null, null],
        [null, null, null],
      ]);
    }
  });

  it('a removed member’s open tasks go back to nobody; done ones keep their name', async () => {
    const leaving = await joinByInvitation(h, owner, 'leaving@assign.example');
    const open = await owner.api.task.create({ title: 'left open', assigneeId: leaving.userId });
    const done = await owner.api.task.create({ title: 'finished', assigneeId: leaving.userId });
    await leaving.api.task.toggle({ id: done.id, done: true });
    await owner.api.organisation.removeMember({ userId: leaving.userId });

    const rows = await Promise.all([open, done].map((t) => h.deps.db.orm.tasks.where({ _id: t.id }).first()));
    expect(rows.map((r) => [r?.title, r?.assigneeId ?? null, r?.mineRun ?? null])).toEqual([
      ['left open', null, null],
      ['finished', leaving.userId, null],
    ]);
    for (const key of [mineOrderKey, mineNewOrderKey].map((of) => of(owner.organisationId, leaving.userId))) {
      expect(await h.deps.db.orm.taskOrders.where({ key }).first()).toBeNull();
    }
    // The admins read on the members page which tasks lost their assignee.
    const told = (await owner.api.organisation.activity()).filter(
      (e) => e.type === 'tasks.unassigned' && e.targetEmail === 'leaving@assign.example',
    );
    expect(told.map((e) => [e.targetEmail, e.detail])).toEqual([['leaving@assign.example', '1 open task: “left open”']]);
  });
});
