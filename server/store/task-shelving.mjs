// @ts-check
// Shelf numbers and keys (server/store/task-shelves.ts). Plain JavaScript: db:apply's migration,
// which runs without TypeScript, shelves by them too.

/** How many tasks a shelf holds before new ones go on the next. */
export const SHELF_SIZE = 100;

/**
 * What a task stores as its shelf: the organisation and the shelf number in one field, so that
 * a shelf is read by a filter on one field, the only kind FerretDB runs in PostgreSQL (a filter
 * on two fields is evaluated in FerretDB over the whole collection; docs/database.md).
 * @param {string} organisationId
 * @param {number} shelf
 */
export const shelfKey = (organisationId, shelf) => `${organisationId}:${shelf}`;

/**
 * The counter of an organisation whose `tasks` tasks were shelved in creation order, shelf
 * n holding tasks n * SHELF_SIZE onwards (the migration and the benchmarks' seeding).
 * @param {number} tasks
 */
export function shelfCounterFor(tasks) {
  if (tasks === 0) return { taskShelf: 0, taskShelfFill: 0 };
  return { taskShelf: Math.floor((tasks - 1) / SHELF_SIZE), taskShelfFill: ((tasks - 1) % SHELF_SIZE) + 1 };
}
