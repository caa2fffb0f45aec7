// @ts-check
// The runs of a list's order (server/store/task-order.ts). Plain JavaScript: db:apply's
// migration, which runs without TypeScript, lays out runs by them too.
import { randomBytes } from 'node:crypto';

/** How many tasks a run is filled with when laid out; a run is split once it holds SPLIT_AT. */
export const RUN_SIZE = 100;
export const SPLIT_AT = 200;

/** @typedef {{ id: string, low: string, size: number }} Run */

/**
 * A task's place in its list's order: its position, then its id for tasks that share a
 * position. The space sorts below every base-62 digit, so "a0 …" sorts before "a0V …" as "a0"
 * does before "a0V".
 * @param {string} position
 * @param {string} id
 */
export const sortKey = (position, id) => `${position} ${id}`;

/**
 * A task's place in an order by due day ("Assigned to me", "Upcoming"): the day (none last: '~'
 * is above every digit), then creation, then id.
 * @param {Date | null} dueDate
 * @param {Date} createdAt
 * @param {string} id
 */
export const dueSortKey = (dueDate, createdAt, id) =>
  `${dueDate ? dueDate.toISOString().slice(0, 10) : '~'} ${createdAt.toISOString()} ${id}`;

export const newRunId = () => randomBytes(8).toString('hex');

/**
 * Runs of RUN_SIZE over tasks already in order; the first run's `low` is '' so that every key
 * has a run. Returns each task's run id beside the runs.
 * @param {string[]} keys the tasks' sort keys, ascending
 * @returns {{ runs: Run[], runOf: string[] }}
 */
export function layOutRuns(keys) {
  /** @type {Run[]} */
  const runs = [];
  /** @type {string[]} */
  const runOf = [];
  keys.forEach((key, i) => {
    if (i % RUN_SIZE === 0) runs.push({ id: newRunId(), low: i === 0 ? '' : key, size: 0 });
    const run = /** @type {Run} */ (runs.at(-1));
    run.size++;
    runOf.push(run.id);
  });
  if (runs.length === 0) runs.push({ id: newRunId(), low: '', size: 0 });
  return { runs, runOf };
}

// Above every millisecond time until the year 275760: newer completions sort first.
const LATEST = 8.64e15;

/**
 * A task's place among a person's done tasks (newest completion first) or open tasks (newest
 * first): the time, latest first, then id.
 * @param {Date} completedAt
 * @param {string} id
 */
export const doneSortKey = (completedAt, id) => `${String(LATEST - completedAt.getTime()).padStart(16, '0')} ${id}`;

/** What the list a new organisation starts with is called. */
export const FIRST_LIST_NAME = 'Tasks';

/** @param {string} listId */
export const listOrderKey = (listId) => `list:${listId}`;
