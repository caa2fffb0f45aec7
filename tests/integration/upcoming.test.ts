import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyContract } from '@/scripts/db-apply.mjs';
import { addDays, todayIn } from '@/server/organisation/time-zone';
import { createHarness, type Harness } from '../support/harness';
import { everyTask, expectAppError, fieldErrors, joinByInvitation, member } from '../support/calls';
import { writeAsReleaseOne } from '../support/contract-check';

// Issue 22: due dates are days in the organisation's time zone, which its owner sets;
// "Upcoming" lists open tasks overdue or due within 7 days, overdue first.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Api = Awaited<ReturnType<typeof member>>['api'];
const upcomingTitles = async (api: Api, assigneeId?: string) =>
  (
    await everyTask((cursor) =>
      api.task.upcoming({ limit: 2, ...(assigneeId ? { assigneeId } : {}), ...(cursor ? { cursor } : {}) }),
    )
  ).map((t) => t.title);

describe('the organisation’s time zone', () => {
  it('is set by the owner only, from the list, and decides which day is today', async () => {
    const owner = await member(h, 'tz-owner@upcoming.example');
    const mate = await joinByInvitation(h, owner, 'tz-mate@upcoming.example');
    expect((await owner.api.task.list()).today).toBe(todayIn('UTC', new Date()));
    await expectAppError(mate.api.organisation.setTimeZone({ timeZone: 'Pacific/Kiritimati' }), 'FORBIDDEN');
    expect(await fieldErrors(owner.api.organisation.setTimeZone({ timeZone: 'Mars/Olympus_Mons' }))).toEqual({
      timeZone: 'Choose a time zone from the list.',
    });
    // UTC+14 and UTC-11 are always on different days.
    await owner.api.organisation.setTimeZone({ timeZone: 'Pacific/Kiritimati' });
    const east = (await mate.api.task.list()).today;
    await owner.api.organisation.setTimeZone({ timeZone: 'Pacific/Pago_Pago' });
    const west = (await mate.api.task.list()).today;
    expect(east).toBe(todayIn('Pacific/Kiritimati', new Date()));
    expect(west).toBe(todayIn('Pacific/Pago_Pago', new Date()));
    expect(east).not.toBe(west);
    expect((await mate.api.auth.me()).organisations[0]?.timeZone).toBe('Pacific/Pago_Pago');
  });
});

describe('Upcoming', () => {
  it('lists open tasks overdue or due within 7 days, overdue first, across lists; filters by assignee', async () => {
    const owner = await member(h, 'up-owner@upcoming.example');
    const mate = await joinByInvitation(h, owner, 'up-mate@upcoming.example');
    const today = (await owner.api.task.list()).today;
    const other = await owner.api.list.create({ name: 'Other' });
    const make = (title: string, offset: number | null, extra: { listId?: string; assigneeId?: string } = {}) =>
      owner.api.task.create({ title, dueDate: offset === null ? null : addDays(today, offset), ...extra });
    await make('in 8 days', 8);
    await make('no due day', null);
    await make('in 7 days', 7, { listId: other.id });
    await make('today', 0, { assigneeId: mate.userId });
    const overdue = await make('3 days late', -3);
    const done = await make('done yesterday', -1);
    await owner.api.task.toggle({ id: done.id, done: true });
    expect(await upcomingTitles(owner.api)).toEqual(['3 days late', 'today', 'in 7 days']);
    expect(await upcomingTitles(owner.api, mate.userId)).toEqual(['today']);

    // A new due day moves it; completing takes it out; reopening puts it back.
    await owner.api.task.update({ id: overdue.id, dueDate: addDays(today, 1) });
    expect(await upcomingTitles(owner.api)).toEqual(['today', '3 days late', 'in 7 days']);
    await owner.api.task.toggle({ id: overdue.id, done: true });
    expect(await upcomingTitles(owner.api)).toEqual(['today', 'in 7 days']);
    await owner.api.task.toggle({ id: overdue.id, done: false });
    await owner.api.task.update({ id: overdue.id, dueDate: null });
    expect(await upcomingTitles(owner.api)).toEqual(['today', 'in 7 days']);
    await owner.api.list.archive({ id: other.id, archived: true });
    expect(await upcomingTitles(owner.api)).toEqual(['today']);
  });

  it('db:apply lays out the due days of tasks from before "Upcoming"', async () => {
    const owner = await member(h, 'up-legacy@upcoming.example');
    const [list] = await owner.api.list.all();
    const today = (await owner.api.task.list()).today;
    const db = h.deps.db.mongo;
    // As the last release wrote it: in a list, without a run in the due order.
    await writeAsReleaseOne(db, 'tasks', async (c, options) => [
      (
        await c.insertOne(
          {
            organisationId: new ObjectId(owner.organisationId),
            listId: new ObjectId(list!.id),
            title: 'due before the upgrade',
            notes: '',
            done: false,
            dueDate: new Date(`${addDays(today, 2)}T00:00:00.000Z`),
            position: 'Zz',
            listRun: 'none',
            createdBy: new ObjectId(owner.userId),
            completedAt: null,
            createdAt: new Date(),
            updatedAt: new Date(),
          },
          options,
        )
      ).insertedId,
    ]);
    await applyContract(h.deps.config.DATABASE_URL, { quiet: true });
    expect(await upcomingTitles(owner.api)).toEqual(['due before the upgrade']);
  });
});
