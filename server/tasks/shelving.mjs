// @ts-check
/**
 * How many tasks a shelf holds before new ones go on the next (server/tasks/shelves.ts).
 * Plain JavaScript: db:apply's migration, which runs without TypeScript, shelves by it too.
 */
export const SHELF_SIZE = 100;

/**
 * The counter of an organisation whose `tasks` tasks were shelved in creation order, shelf
 * n holding tasks n * SHELF_SIZE onwards (the migration and the benchmarks' seeding).
 * @param {number} tasks
 */
export function shelfCounterFor(tasks) {
  if (tasks === 0) return { taskShelf: 0, taskShelfFill: 0 };
  return { taskShelf: Math.floor((tasks - 1) / SHELF_SIZE), taskShelfFill: ((tasks - 1) % SHELF_SIZE) + 1 };
}
