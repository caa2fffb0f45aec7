import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyContract } from '@/scripts/db-apply.mjs';
import { SPLIT_AT } from '@/server/store/task-runs.mjs';
import { createHarness, type Harness } from '../support/harness';
import { writeAsReleaseOne } from '../support/contract-check';
import { everyTask, member } from '../support/calls';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('db:apply migrations', () => {
  it("puts release one's and shelved tasks into the organisation's first list, newest first, once", async () => {
    const owner = await member(h, 'legacy@initech.example');
    const db = h.deps.db.mongo;
    const organisationId = new ObjectId(owner.organisationId);
    // The releases before lists: no list, shelf counters on the organisation, tasks with a shelf
    // (the last release) or without (release one).
    await db.collection('lists').deleteMany({ organisationId });
    await db.collection('taskOrders').deleteMany({ organisationId });
    await writeAsReleaseOne(db, 'organisations', async (c, options) => {
      await c.updateOne({ _id: organisationId }, { $set: { taskShelf: 2, taskShelfFill: 7 } }, options);
      return [organisationId];
    });
    const legacy = SPLIT_AT + 7;
    const start = Date.now() - legacy * 1000;
    await writeAsReleaseOne(db, 'tasks', async (c, options) => {
      const { insertedIds } = await c.insertMany(
        Array.from({ length: legacy }, (_, i) => ({
          organisationId,
          ...(i % 2 === 0 ? { shelf: `${owner.organisationId}:${Math.floor(i / 100)}` } : {}),
          title: `Legacy ${i}`,
          notes: '',
          done: i % 5 === 0,
          dueDate: null,
          createdBy: new ObjectId(owner.userId),
          createdAt: new Date(start + i * 1000),
          updatedAt: new Date(start + i * 1000),
        })),
        options,
      );
      return Object.values(insertedIds);
    });

    await applyContract(h.deps.config.DATABASE_URL, { quiet: true });
    const [list, ...more] = await owner.api.list.all();
    expect(more).toEqual([]);
    const open = Array.from({ length: legacy }, (_, i) => i).filter((i) => i % 5 !== 0).length;
    expect(list).toMatchObject({ name: 'Tasks', tasks: legacy, openTasks: open });
    const organisation = await db.collection('organisations').findOne({ _id: organisationId });
    expect(organisation).not.toHaveProperty('taskShelf');
    expect(await db.collection('tasks').countDocuments({ organisationId, shelf: { $exists: true } })).toBe(0);
    const done = await db.collection('tasks').findOne({ organisationId, title: 'Legacy 0' });
    expect(done?.['completedAt']).toEqual(done?.['updatedAt']);

    // Again: nothing left to do, nothing changes.
    const before = await db.collection('tasks').find({ organisationId }).toArray();
    await applyContract(h.deps.config.DATABASE_URL, { quiet: true });
    expect(await db.collection('tasks').find({ organisationId }).toArray()).toEqual(before);

    await owner.api.task.create({ title: 'After the upgrade' });
    const titles = (await everyTask((cursor) => owner.api.task.list({ limit: 100, ...(cursor ? { cursor } : {}) }))).map(
      (t) => t.title,
    );
    expect(titles).toEqual(['After the upgrade', ...Array.from({ length: legacy }, (_, i) => `Legacy ${legacy - 1 - i}`)]);
  });

  it('removes an organisation that a crash left without its owner, and keeps one that holds tasks', async () => {
    const db = h.deps.db.mongo;
    const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const { insertedId: empty } = await db.collection('organisations').insertOne({ name: 'orphan', createdAt: longAgo });
    const { insertedId: busy } = await db
      .collection('organisations')
      .insertOne({ name: 'orphan with tasks', createdAt: longAgo });
    const { insertedId: fresh } = await db.collection('organisations').insertOne({ name: 'mid sign-up', createdAt: new Date() });
    // A task as the releases before lists wrote it (no list): db:apply puts it into one.
    await writeAsReleaseOne(db, 'tasks', async (c, options) => [
      (
        await c.insertOne(
          {
            organisationId: busy,
            title: 'kept',
            notes: '',
            done: false,
            dueDate: null,
            createdBy: new ObjectId(),
            createdAt: longAgo,
            updatedAt: longAgo,
          },
          options,
        )
      ).insertedId,
    ]);
    const kept = await member(h, 'kept@initech.example');

    const logged: string[] = [];
    const log = console.log;
    console.log = (line: string) => void logged.push(String(line));
    try {
      await applyContract(h.deps.config.DATABASE_URL);
    } finally {
      console.log = log;
    }
    const left = (
      await db
        .collection('organisations')
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((o) => String(o._id));
    expect(left).not.toContain(String(empty));
    expect(left).toEqual(expect.arrayContaining([String(busy), String(fresh), kept.organisationId]));
    expect(logged.join('\n')).toContain(String(busy));
  });

  it('puts back the nulls that Prisma 8 rc.13 turned into random ids in security events, and keeps organisation events', async () => {
    const events = h.deps.db.mongo.collection('auditEvents');
    const userId = new ObjectId();
    const organisationId = new ObjectId();
    const at = { createdAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) };
    const { insertedId: signIn } = await events.insertOne({
      type: 'sign_in.succeeded',
      userId,
      organisationId: new ObjectId(),
      actorId: new ObjectId(),
      actorEmail: null,
      ...at,
    });
    const { insertedId: invited } = await events.insertOne({
      type: 'invitation.sent',
      userId: null,
      organisationId,
      actorId: userId,
      actorEmail: 'boss@initech.example',
      ...at,
    });
    for (let run = 0; run < 2; run++) await applyContract(h.deps.config.DATABASE_URL, { quiet: true });
    expect(await events.findOne({ _id: signIn })).toMatchObject({ userId, organisationId: null, actorId: null });
    expect(await events.findOne({ _id: invited })).toMatchObject({ organisationId, actorId: userId });
  });

  it("turns release one's users.organisationId and role into memberships, drops both fields, and is idempotent", async () => {
    const db = h.deps.db.mongo;
    const longAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
    // A release-one database: two people in one organisation, and the organisation one of them
    // left behind when accepting the invitation (empty), written as release one wrote them.
    const { insertedId: shared } = await db.collection('organisations').insertOne({ name: 'Shared', createdAt: longAgo });
    const { insertedId: leftBehind } = await db
      .collection('organisations')
      .insertOne({ name: 'Left behind', createdAt: longAgo });
    const people = [
      { email: 'ann@release-one.example', role: 'owner' },
      { email: 'bob@release-one.example', role: 'admin' },
    ];
    const insertedIds = await writeAsReleaseOne(db, 'users', async (c, options) => {
      const { insertedIds } = await c.insertMany(
        people.map((p) => ({
          ...p,
          organisationId: shared,
          passwordHash: null,
          verified: true,
          createdAt: longAgo,
          updatedAt: longAgo,
        })),
        options,
      );
      return Object.values(insertedIds);
    });
    // A task as the releases before lists wrote it (no list): db:apply puts it into one.
    await writeAsReleaseOne(db, 'tasks', async (c, options) => [
      (
        await c.insertOne(
          {
            organisationId: shared,
            title: 'Shared task',
            notes: '',
            done: false,
            dueDate: null,
            createdBy: insertedIds[0],
            createdAt: longAgo,
            updatedAt: longAgo,
          },
          options,
        )
      ).insertedId,
    ]);

    await applyContract(h.deps.config.DATABASE_URL, { quiet: true });
    await applyContract(h.deps.config.DATABASE_URL, { quiet: true });

    const memberships = await db.collection('memberships').find({ organisationId: shared }).toArray();
    expect(memberships.map((m) => [String(m['userId']), m['role']]).sort()).toEqual(
      [
        [String(insertedIds[0]), 'owner'],
        [String(insertedIds[1]), 'admin'],
      ].sort(),
    );
    const users = await db
      .collection('users')
      .find({ _id: { $in: Object.values(insertedIds) } })
      .toArray();
    expect(users.every((u) => !('organisationId' in u) && !('role' in u))).toBe(true);
    expect(await db.collection('organisations').findOne({ _id: leftBehind })).toBeNull();
    expect(await db.collection('tasks').countDocuments({ organisationId: shared })).toBe(1);
  });
});
