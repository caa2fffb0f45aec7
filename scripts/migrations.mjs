// @ts-check
// Data migrations and repairs: run by db:apply after the collections and indexes, on MongoDB
// and FerretDB alike. Each finds only what it has not done yet, so running them again changes nothing, and
// a run that stopped part-way is finished by the next.
import { SHELF_SIZE, shelfCounterFor, shelfKey } from '../server/store/task-shelving.mjs';

/**
 * Tasks from before shelves (server/store/task-shelves.ts) get theirs: an organisation with any
 * unshelved task has all its tasks shelved again in creation order.
 * @param {import('mongodb').Db} db
 * @returns {Promise<number>} how many organisations were shelved
 */
async function shelveTasks(db) {
  const organisations = db.collection('organisations');
  const tasks = db.collection('tasks');
  await organisations.updateMany({ taskShelf: { $exists: false } }, { $set: shelfCounterFor(0) });
  const unshelved = await tasks.distinct('organisationId', { shelf: { $exists: false } });
  for (const organisationId of unshelved) {
    const ids = (
      await tasks
        .find({ organisationId }, { projection: { _id: 1 } })
        .sort({ createdAt: 1, _id: 1 })
        .toArray()
    ).map((task) => task._id);
    for (let first = 0; first < ids.length; first += SHELF_SIZE) {
      await tasks.updateMany(
        { organisationId, _id: { $in: ids.slice(first, first + SHELF_SIZE) } },
        { $set: { shelf: shelfKey(String(organisationId), first / SHELF_SIZE) } },
      );
    }
    await organisations.updateOne({ _id: organisationId }, { $set: shelfCounterFor(ids.length) });
  }
  return unshelved.length;
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
  const shelved = await shelveTasks(db);
  if (shelved > 0) done.push(`Shelved the tasks of ${shelved} organisation(s) (server/store/task-shelves.ts)`);
  const repaired = await repairAuditNulls(db);
  if (repaired > 0) done.push(`Repaired ${repaired} security event(s) that held a random id instead of none`);
  const orphans = await removeOrphanOrganisations(db, now);
  if (orphans.removed > 0) done.push(`Removed ${orphans.removed} empty organisation(s) that nobody belonged to`);
  if (orphans.withTasks.length > 0) {
    done.push(`Organisations that nobody belongs to but that hold tasks, kept: ${orphans.withTasks.join(', ')}`);
  }
  return done;
}
