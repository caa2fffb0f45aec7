// @ts-check
// Data migrations and repairs: run by db:apply after the collections and indexes, on MongoDB
// and FerretDB alike. Each finds only what it has not done yet, so running them again changes nothing, and
// a run that stopped part-way is finished by the next.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { ObjectId } from 'mongodb';
import { monthOf, searchOrder, wordEntries } from '../server/store/task-words.mjs';
import { doneSortKey, dueSortKey, FIRST_LIST_NAME, layOutRuns, listOrderKey, sortKey } from '../server/store/task-runs.mjs';

/**
 * Every organisation has at least one list, and every task a list: tasks from before lists
 * (release one's, and the shelves that paged them newest first) go into the organisation's
 * first list in the order they were shown, newest first. An organisation with any task still
 * outside a list is done again whole, so a run that stopped part-way ends in the same order.
 * @param {import('mongodb').Db} db
 * @param {Date} now
 * @returns {Promise<number>} how many organisations' tasks were put into lists
 */
async function tasksIntoLists(db, now) {
  const organisations = db.collection('organisations');
  const tasks = db.collection('tasks');
  await organisations.updateMany({ taskShelf: { $exists: true } }, { $unset: { taskShelf: '', taskShelfFill: '' } });
  const withLists = new Set((await db.collection('lists').distinct('organisationId')).map(String));
  for (const { _id } of await organisations.find({}, { projection: { _id: 1 } }).toArray()) {
    if (!withLists.has(String(_id))) await addFirstList(db, _id, now);
  }
  const pending = new Set(
    [
      ...(await tasks.distinct('organisationId', { listId: { $exists: false } })),
      ...(await tasks.distinct('organisationId', { shelf: { $exists: true } })),
    ].map(String),
  );
  for (const organisationId of pending) {
    const orgId = new ObjectId(organisationId);
    const lists = await db.collection('lists').find({ organisationId: orgId }).toArray();
    const firstList = lists.sort((a, b) => (a['position'] < b['position'] ? -1 : a['position'] > b['position'] ? 1 : 0))[0];
    if (!firstList) continue; // an organisation deleted meanwhile
    const moving = (
      await tasks
        .find(
          { organisationId: orgId },
          { projection: { _id: 1, listId: 1, shelf: 1, done: 1, completedAt: 1, createdAt: 1, updatedAt: 1 } },
        )
        .toArray()
    ).filter((task) => !task['listId'] || task['shelf'] !== undefined || String(task['listId']) === String(firstList._id));
    moving.sort((a, b) => b['createdAt'] - a['createdAt'] || (String(b._id) < String(a._id) ? -1 : 1));
    const positions = generateNKeysBetween(null, null, moving.length);
    const { runs, runOf } = layOutRuns(moving.map((task, i) => sortKey(/** @type {string} */ (positions[i]), String(task._id))));
    // The order and counts first, the tasks after: a run that stops between leaves tasks
    // outside the list, so the next run does the whole organisation again.
    await db.collection('taskOrders').updateOne(
      { key: listOrderKey(String(firstList._id)) },
      {
        $set: { runs: JSON.stringify({ runs, moving: null, relayout: null }), top: positions[0] ?? null },
        $inc: { version: 1 },
      },
    );
    await db
      .collection('lists')
      .updateOne(
        { _id: firstList._id },
        { $set: { tasks: moving.length, openTasks: moving.filter((task) => !task['done']).length } },
      );
    // One update at a time, twenty at once: FerretDB v1 hung on an unordered bulkWrite of
    // updates (the same 207 as updateOne calls pass).
    for (let first = 0; first < moving.length; first += 20) {
      await Promise.all(
        moving.slice(first, first + 20).map((task, j) => {
          const i = first + j;
          return tasks.updateOne(
            { _id: task._id },
            {
              $set: {
                listId: firstList._id,
                position: positions[i],
                listRun: runOf[i],
                // Done before completion times were kept: its last change is the best guess.
                completedAt: task['completedAt'] ?? (task['done'] ? (task['updatedAt'] ?? task['createdAt']) : null),
              },
              // In the same write: MongoDB's strict validator refuses a document that keeps it.
              $unset: { shelf: '' },
            },
          );
        }),
      );
    }
  }
  return pending.size;
}

/**
 * Open tasks with a due day, from before "Upcoming", get their run in their organisation's
 * due order ("due:<organisationId>", server/store/task-order.ts). An organisation with any such
 * task has its whole due order laid out again, the order first, so that a run that stopped
 * part-way is done again.
 * @param {import('mongodb').Db} db
 * @returns {Promise<number>} how many organisations' due orders were laid out
 */
async function dueOrders(db) {
  const tasks = db.collection('tasks');
  const pending = (
    await tasks.distinct('organisationId', { dueRun: { $exists: false }, dueDate: { $type: 'date' }, done: false })
  ).map(String);
  for (const organisationId of pending) {
    const orgId = new ObjectId(organisationId);
    const due = (
      await tasks.find({ organisationId: orgId }, { projection: { _id: 1, dueDate: 1, done: 1, createdAt: 1 } }).toArray()
    ).filter((task) => task['dueDate'] instanceof Date && !task['done']);
    const keyOf = (/** @type {import('mongodb').Document} */ task) =>
      dueSortKey(task['dueDate'], task['createdAt'], String(task._id));
    await layOutOrder(db, `due:${organisationId}`, orgId, due, 'dueRun', keyOf);
  }
  return pending.length;
}

/**
 * Writes an order ("<kind>:<id>") holding `held` in the order `keyOf` gives, the order first,
 * then each task's run in `field`, twenty at a time: a run that stops part-way is done again.
 * @param {import('mongodb').Db} db
 * @param {string} key
 * @param {unknown} organisationId
 * @param {import('mongodb').Document[]} held
 * @param {string} field
 * @param {(task: import('mongodb').Document) => string} keyOf
 */
async function layOutOrder(db, key, organisationId, held, field, keyOf) {
  held.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const { runs, runOf } = layOutRuns(held.map(keyOf));
  await db
    .collection('taskOrders')
    .updateOne(
      { key },
      { $set: { organisationId, runs: JSON.stringify({ runs, moving: null, relayout: null }), top: null }, $inc: { version: 1 } },
      { upsert: true },
    );
  for (let first = 0; first < held.length; first += 20) {
    await Promise.all(
      held
        .slice(first, first + 20)
        .map((task, j) => db.collection('tasks').updateOne({ _id: task._id }, { $set: { [field]: runOf[first + j] } })),
    );
  }
}

/**
 * A person's order of assigned tasks: done ones, newest completion first ("done"), or open ones,
 * newest first ("minenew"), and which tasks it holds.
 * @typedef {{ prefix: string, field: string, done: boolean, keyOf: (task: import('mongodb').Document) => string }} PersonOrder
 */

/** @type {PersonOrder[]} */
const PERSON_ORDERS = [
  {
    prefix: 'done',
    field: 'doneRun',
    done: true,
    keyOf: (task) => doneSortKey(task['completedAt'] ?? task['createdAt'], String(task._id)),
  },
  { prefix: 'minenew', field: 'mineNewRun', done: false, keyOf: (task) => doneSortKey(task['createdAt'], String(task._id)) },
];

/**
 * Assigned tasks from before an order of "Assigned to me" existed (done ones; open ones newest
 * first) get their run in it ("<prefix>:<organisationId>:<userId>"). A person with any such task
 * has their whole order laid out again, the order first, so that a run that stopped part-way is
 * done again.
 * @param {import('mongodb').Db} db
 * @param {PersonOrder} order
 * @returns {Promise<number>} how many people's orders were laid out
 */
async function personOrders(db, { prefix, field, done, keyOf }) {
  const tasks = db.collection('tasks');
  const pending = new Map(
    (
      await tasks
        .find(
          { [field]: { $exists: false }, done, assigneeId: { $type: 'string' } },
          { projection: { organisationId: 1, assigneeId: 1 } },
        )
        .toArray()
    ).map((task) => [
      `${task['organisationId']}:${task['assigneeId']}`,
      { orgId: task['organisationId'], userId: task['assigneeId'] },
    ]),
  );
  for (const [person, { orgId, userId }] of pending) {
    const held = (
      await tasks
        .find({ organisationId: orgId }, { projection: { _id: 1, done: 1, assigneeId: 1, completedAt: 1, createdAt: 1 } })
        .toArray()
    ).filter((task) => task['done'] === done && task['assigneeId'] === userId);
    await layOutOrder(db, `${prefix}:${person}`, orgId, held, field, keyOf);
  }
  return pending.size;
}

/**
 * A list's tasks by due day ("listdue") and newest first ("listnew"), and the field naming a
 * task's run in each.
 * @type {{ prefix: string, field: string, keyOf: (task: import('mongodb').Document) => string }[]}
 */
const LIST_ORDERS = [
  {
    prefix: 'listdue',
    field: 'listDueRun',
    keyOf: (task) => dueSortKey(task['dueDate'] ?? null, task['createdAt'], String(task._id)),
  },
  { prefix: 'listnew', field: 'listNewRun', keyOf: (task) => doneSortKey(task['createdAt'], String(task._id)) },
];

/**
 * Tasks from before a list could be sorted by due day or creation get their runs in their
 * list's two orders. A list with any such task has both laid out again, the orders first, so
 * that a run that stopped part-way is done again.
 * @param {import('mongodb').Db} db
 * @returns {Promise<number>} how many lists' orders were laid out
 */
async function listOrders(db) {
  const tasks = db.collection('tasks');
  const pending = (await tasks.distinct('listId', { listNewRun: { $exists: false } })).map(String);
  for (const listId of pending) {
    const held = await tasks
      .find({ listId: new ObjectId(listId) }, { projection: { _id: 1, organisationId: 1, dueDate: 1, createdAt: 1 } })
      .toArray();
    if (held.length === 0) continue;
    for (const { prefix, field, keyOf } of LIST_ORDERS) {
      await layOutOrder(db, `${prefix}:${listId}`, held[0]?.['organisationId'], held, field, keyOf);
    }
  }
  return pending.length;
}

/**
 * Puts into the words index (server/store/task-search.ts) the tasks of every organisation that
 * has no `searchFrom` yet, and sets it to the month of its oldest task. An organisation that
 * stopped part-way is done again: each task's entries are replaced, not added.
 * @param {import('mongodb').Db} db
 * @param {Date} now
 * @returns {Promise<number>} how many organisations' tasks were indexed
 */
async function indexTaskWords(db, now) {
  const organisations = await db
    .collection('organisations')
    .find({ searchFrom: null }, { projection: { _id: 1, createdAt: 1 } })
    .toArray();
  for (const organisation of organisations) {
    const tasks = await db
      .collection('tasks')
      .find({ organisationId: organisation._id }, { projection: { organisationId: 1, title: 1, notes: 1, createdAt: 1 } })
      .toArray();
    let oldest = organisation['createdAt'] instanceof Date ? organisation['createdAt'] : now;
    for (let i = 0; i < tasks.length; i += 100) {
      const batch = /** @type {{ _id: ObjectId, organisationId: ObjectId, title: string, notes: string, createdAt: Date }[]} */ (
        tasks.slice(i, i + 100)
      );
      await Promise.all(
        batch.map((task) => db.collection('taskWords').deleteMany({ at: searchOrder(task.createdAt, String(task._id)) })),
      );
      const entries = batch.flatMap((task) => wordEntries(task));
      if (entries.length > 0) await db.collection('taskWords').insertMany(entries, { ordered: false });
      for (const task of batch) if (task.createdAt < oldest) oldest = task.createdAt;
    }
    await db.collection('organisations').updateOne({ _id: organisation._id }, { $set: { searchFrom: monthOf(oldest) } });
  }
  return organisations.length;
}

/**
 * The list an organisation starts with, and its order. Repeatable: the order's key is unique.
 * @param {import('mongodb').Db} db
 * @param {import('mongodb').ObjectId} organisationId
 * @param {Date} now
 */
async function addFirstList(db, organisationId, now) {
  const owner = await db.collection('memberships').findOne({ organisationId }, { projection: { userId: 1 } });
  const list = await db.collection('lists').insertOne({
    organisationId,
    name: FIRST_LIST_NAME,
    position: generateKeyBetween(null, null),
    archived: false,
    openTasks: 0,
    tasks: 0,
    createdBy: owner?.['userId'] ?? organisationId,
    createdAt: now,
    updatedAt: now,
  });
  await db.collection('taskOrders').insertOne({
    key: listOrderKey(String(list.insertedId)),
    organisationId,
    runs: JSON.stringify({ runs: layOutRuns([]).runs, moving: null, relayout: null }),
    top: null,
    version: 0,
  });
}

/**
 * Release one kept a person's one organisation and role on the user (`organisationId`,
 * `role`). Each becomes a membership (its unique key makes a repeat a no-op), then the two
 * fields are dropped: memberships are the one source of truth.
 * @param {import('mongodb').Db} db
 * @returns {Promise<number>} how many users were moved
 */
async function moveToMemberships(db) {
  const users = db.collection('users');
  const legacy = await users
    .find({ organisationId: { $exists: true } }, { projection: { _id: 1, organisationId: 1, role: 1, createdAt: 1 } })
    .toArray();
  for (const user of legacy) {
    if (user['organisationId']) {
      const organisation = await db
        .collection('organisations')
        .findOne({ _id: user['organisationId'] }, { projection: { name: 1 } });
      try {
        await db.collection('memberships').insertOne({
          key: `${user._id}:${user['organisationId']}`,
          userId: user._id,
          organisationId: user['organisationId'],
          role: ['owner', 'admin', 'member'].includes(user['role']) ? user['role'] : 'member',
          organisationName: organisation?.['name'] ?? '',
          createdAt: user['createdAt'] ?? new Date(),
        });
      } catch (error) {
        if (/** @type {{ code?: number }} */ (error).code !== 11000) throw error;
      }
    }
    await users.updateOne({ _id: user._id }, { $unset: { organisationId: '', role: '' } });
  }
  return legacy.length;
}

/**
 * Sign-up creates the organisation just before its owner's membership (server/auth/sign-up.ts),
 * so a crash between the two leaves an organisation nobody belongs to; release one also left
 * the organisations of people who accepted an invitation elsewhere. An hour on, such an
 * organisation is deleted when it holds no tasks, and reported when it does.
 * @param {import('mongodb').Db} db
 * @param {Date} now
 * @returns {Promise<{ removed: number, withTasks: string[] }>}
 */
async function removeOrphanOrganisations(db, now) {
  const belongedTo = new Set((await db.collection('memberships').distinct('organisationId')).map(String));
  const settled = now.getTime() - 60 * 60 * 1000;
  const organisations = await db
    .collection('organisations')
    .find({}, { projection: { _id: 1, createdAt: 1 } })
    .toArray();
  const orphans = organisations.filter((o) => !belongedTo.has(String(o._id)) && o['createdAt']?.getTime() < settled);
  const withTasks = [];
  let removed = 0;
  for (const { _id } of orphans) {
    if ((await db.collection('tasks').countDocuments({ organisationId: _id }, { limit: 1 })) > 0) {
      withTasks.push(String(_id));
      continue;
    }
    await db.collection('invitations').deleteMany({ organisationId: _id });
    await db.collection('lists').deleteMany({ organisationId: _id });
    await db.collection('taskOrders').deleteMany({ organisationId: _id });
    removed += await db
      .collection('organisations')
      .deleteOne({ _id })
      .then((r) => r.deletedCount);
  }
  return { removed, withTasks };
}

// Events about one account; the others concern an organisation (server/account/audit.ts).
const ACCOUNT_EVENT = /^(sign_in|password|email_change|session|refresh|mfa)\./;

/**
 * Security events written before audit() went through the driver carry random ObjectIds where
 * they should carry null (Prisma 8 rc.13 fills a null ObjectId field): account events a random
 * organisationId, which hid them from the account's erasure, and events without an actor a
 * random actorId. Puts the nulls back.
 * @param {import('mongodb').Db} db
 * @returns {Promise<number>} how many events were repaired
 */
async function repairAuditNulls(db) {
  const events = db.collection('auditEvents');
  const account = await events.updateMany(
    { type: { $regex: ACCOUNT_EVENT.source }, organisationId: { $ne: null } },
    { $set: { organisationId: null } },
  );
  const actorless = await events.updateMany({ actorEmail: null, actorId: { $ne: null } }, { $set: { actorId: null } });
  return account.modifiedCount + actorless.modifiedCount;
}

/**
 * @param {import('mongodb').Db} db
 * @param {Date} [now]
 * @returns {Promise<string[]>} what was done, one line each
 */
export async function runMigrations(db, now = new Date()) {
  const done = [];
  const moved = await moveToMemberships(db);
  if (moved > 0) done.push(`Moved ${moved} user(s) to memberships (server/organisation/membership.ts)`);
  const listed = await tasksIntoLists(db, now);
  if (listed > 0) done.push(`Put the tasks of ${listed} organisation(s) into their first list (server/tasks/lists.ts)`);
  const dated = await dueOrders(db);
  if (dated > 0) done.push(`Laid out the due days of ${dated} organisation(s) for "Upcoming" (server/store/task-order.ts)`);
  for (const order of PERSON_ORDERS) {
    const people = await personOrders(db, order);
    if (people > 0) {
      done.push(
        `Laid out the "${order.prefix}" order of ${people} assignee(s) for "Assigned to me" (server/store/task-order.ts)`,
      );
    }
  }
  const sorted = await listOrders(db);
  if (sorted > 0) done.push(`Laid out ${sorted} list(s) by due day and by creation (server/store/task-order.ts)`);
  const indexed = await indexTaskWords(db, now);
  if (indexed > 0) done.push(`Put the tasks of ${indexed} organisation(s) into the search index (server/store/task-search.ts)`);
  const repaired = await repairAuditNulls(db);
  if (repaired > 0) done.push(`Repaired ${repaired} security event(s) that held a random id instead of none`);
  const orphans = await removeOrphanOrganisations(db, now);
  if (orphans.removed > 0) done.push(`Removed ${orphans.removed} empty organisation(s) that nobody belonged to`);
  if (orphans.withTasks.length > 0) {
    done.push(`Organisations that nobody belongs to but that hold tasks, kept: ${orphans.withTasks.join(', ')}`);
  }
  return done;
}
