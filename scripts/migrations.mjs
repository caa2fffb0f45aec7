// @ts-check
// Data migrations: run by db:apply after the collections and indexes, on MongoDB and FerretDB
// alike. Each finds only what it has not done yet, so running them again changes nothing, and
// a run that stopped part-way is finished by the next.
import { SHELF_SIZE, shelfCounterFor } from '../server/tasks/shelf-size.mjs';

/**
 * Tasks from before shelves (server/tasks/shelves.ts) get theirs: an organisation with any
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
        { $set: { shelf: first / SHELF_SIZE } },
      );
    }
    await organisations.updateOne({ _id: organisationId }, { $set: shelfCounterFor(ids.length) });
  }
  return unshelved.length;
}

/**
 * @param {import('mongodb').Db} db
 * @returns {Promise<string[]>} what was done, one line each
 */
export async function runMigrations(db) {
  const done = [];
  const shelved = await shelveTasks(db);
  if (shelved > 0) done.push(`Shelved the tasks of ${shelved} organisation(s) (server/tasks/shelves.ts)`);
  return done;
}
